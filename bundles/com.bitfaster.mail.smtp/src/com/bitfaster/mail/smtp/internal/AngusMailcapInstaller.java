package com.bitfaster.mail.smtp.internal;

import java.io.IOException;
import java.io.InputStream;

import org.eclipse.angus.mail.handlers.text_plain;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

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
	void activate() throws IOException {
		CommandMap.setDefaultCommandMap(new AngusMailcap());
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
