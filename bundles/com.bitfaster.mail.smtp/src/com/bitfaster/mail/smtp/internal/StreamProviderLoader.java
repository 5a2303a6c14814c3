package com.bitfaster.mail.smtp.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import org.eclipse.angus.mail.util.MailStreamProvider;

import jakarta.mail.util.StreamProvider;

/**
 * A context class loader that answers Jakarta Mail's {@link StreamProvider} lookup from memory. Jakarta Mail 2.1 runs
 * a ServiceLoader, re-reading jar files, several times for every message written (jakartaee/mail-api#861); with this
 * loader as the context class loader the lookup finds Angus's provider at once.
 */
final class StreamProviderLoader extends ClassLoader {

	private static final String SERVICE = "META-INF/services/" + StreamProvider.class.getName(); //$NON-NLS-1$
	private static final byte[] PROVIDER = (MailStreamProvider.class.getName() + "\n").getBytes(StandardCharsets.US_ASCII); //$NON-NLS-1$
	private static final StreamProviderLoader INSTANCE = new StreamProviderLoader();

	private final URL service;

	private StreamProviderLoader() {
		super(MailStreamProvider.class.getClassLoader());
		URLStreamHandler handler = new URLStreamHandler() {
			@Override
			protected URLConnection openConnection(URL u) {
				return new URLConnection(u) {
					@Override
					public void connect() {
						connected = true;
					}

					@Override
					public InputStream getInputStream() {
						return new ByteArrayInputStream(PROVIDER);
					}
				};
			}
		};
		try {
			service = URL.of(URI.create("bitfaster-spi:/" + SERVICE), handler); //$NON-NLS-1$
		} catch (IOException e) {
			throw new IllegalStateException(e);
		}
	}

	@Override
	public Enumeration<URL> getResources(String name) throws IOException {
		return SERVICE.equals(name) ? Collections.enumeration(List.of(service)) : super.getResources(name);
	}

	/** Runs {@code action} with this loader as the thread's context class loader. */
	static <T, E extends Exception> T run(Action<T, E> action) throws E {
		Thread thread = Thread.currentThread();
		ClassLoader previous = thread.getContextClassLoader();
		thread.setContextClassLoader(INSTANCE);
		try {
			return action.run();
		} finally {
			thread.setContextClassLoader(previous);
		}
	}

	/** Work that may throw a checked exception. */
	@FunctionalInterface
	interface Action<T, E extends Exception> {
		T run() throws E;
	}
}
