package com.bitfaster.mail.smtp.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import org.eclipse.angus.mail.handlers.text_plain;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import jakarta.activation.CommandInfo;
import jakarta.activation.CommandMap;
import jakarta.activation.DataContentHandler;
import jakarta.activation.DataSource;
import jakarta.activation.MailcapCommandMap;

/**
 * Makes Angus Mail's content handlers (text/plain, text/html, multipart/*, message/rfc822) available to Jakarta
 * Activation in OSGi. Activation looks for {@code META-INF/mailcap} and the handler classes through the thread's
 * context class loader, which in OSGi cannot see the Angus bundle: writing a multipart message then fails with "no
 * object DCH for MIME type multipart/alternative". This installs a command map read from Angus's own mailcap that loads
 * the handlers from Angus's class loader, whatever thread sends.
 */
@Component(immediate = true)
public class AngusMailcapInstaller {

	@Activate
	void activate() {
		CommandMap.setDefaultCommandMap(new Lazy());
	}

	/**
	 * Reads Angus's mailcap when a message first needs it: building the map looks up Activation's providers through
	 * every class loader (a tenth of a {@code bitfaster-cli} command's start-up), and most commands send nothing.
	 */
	static final class Lazy extends CommandMap {
		private CommandMap map;

		private synchronized CommandMap map() {
			if (map == null) {
				try {
					map = new AngusMailcap();
				} catch (IOException e) {
					throw new UncheckedIOException(e);
				}
			}
			return map;
		}

		@Override
		public CommandInfo[] getPreferredCommands(String mimeType) {
			return map().getPreferredCommands(mimeType);
		}

		@Override
		public CommandInfo[] getPreferredCommands(String mimeType, DataSource ds) {
			return map().getPreferredCommands(mimeType, ds);
		}

		@Override
		public CommandInfo[] getAllCommands(String mimeType) {
			return map().getAllCommands(mimeType);
		}

		@Override
		public CommandInfo[] getAllCommands(String mimeType, DataSource ds) {
			return map().getAllCommands(mimeType, ds);
		}

		@Override
		public CommandInfo getCommand(String mimeType, String cmdName) {
			return map().getCommand(mimeType, cmdName);
		}

		@Override
		public CommandInfo getCommand(String mimeType, String cmdName, DataSource ds) {
			return map().getCommand(mimeType, cmdName, ds);
		}

		@Override
		public DataContentHandler createDataContentHandler(String mimeType) {
			return map().createDataContentHandler(mimeType);
		}

		@Override
		public DataContentHandler createDataContentHandler(String mimeType, DataSource ds) {
			return map().createDataContentHandler(mimeType, ds);
		}

		@Override
		public String[] getMimeTypes() {
			return map().getMimeTypes();
		}
	}

	/** Angus's mailcap, with handler classes loaded by Angus's class loader. */
	static final class AngusMailcap extends MailcapCommandMap {
		private static final ClassLoader ANGUS = text_plain.class.getClassLoader();

		AngusMailcap() throws IOException {
			super(mailcap());
		}

		private static InputStream mailcap() throws IOException {
			InputStream in = ANGUS.getResourceAsStream("META-INF/mailcap"); //$NON-NLS-1$
			if (in == null) {
				throw new IOException("Angus Mail has no META-INF/mailcap"); //$NON-NLS-1$
			}
			return in;
		}

		@Override
		public synchronized DataContentHandler createDataContentHandler(String mimeType) {
			Thread thread = Thread.currentThread();
			ClassLoader previous = thread.getContextClassLoader();
			thread.setContextClassLoader(ANGUS);
			try {
				return super.createDataContentHandler(mimeType);
			} finally {
				thread.setContextClassLoader(previous);
			}
		}

		@Override
		public synchronized DataContentHandler createDataContentHandler(String mimeType, DataSource ds) {
			Thread thread = Thread.currentThread();
			ClassLoader previous = thread.getContextClassLoader();
			thread.setContextClassLoader(ANGUS);
			try {
				return super.createDataContentHandler(mimeType, ds);
			} finally {
				thread.setContextClassLoader(previous);
			}
		}
	}
}
