package com.bitfaster.mail.smtp.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.function.Consumer;

import javax.net.ssl.SSLSocketFactory;

/**
 * Delegates to a TLS socket factory and hands each socket it creates to an observer: diagnostics read the TLS
 * session, and the connection takes over the last socket of its session once Angus has signed in.
 */
final class RecordingSocketFactory extends SSLSocketFactory {

	private final SSLSocketFactory delegate;
	private final Consumer<Socket> observer;

	RecordingSocketFactory(SSLSocketFactory delegate, Consumer<Socket> observer) {
		this.delegate = delegate;
		this.observer = observer;
	}

	private Socket seen(Socket socket) {
		if (socket != null) {
			observer.accept(socket);
		}
		return socket;
	}

	@Override
	public String[] getDefaultCipherSuites() {
		return delegate.getDefaultCipherSuites();
	}

	@Override
	public String[] getSupportedCipherSuites() {
		return delegate.getSupportedCipherSuites();
	}

	@Override
	public Socket createSocket() throws IOException {
		return seen(delegate.createSocket());
	}

	@Override
	public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
		return seen(delegate.createSocket(s, host, port, autoClose));
	}

	@Override
	public Socket createSocket(Socket s, InputStream consumed, boolean autoClose) throws IOException {
		return seen(delegate.createSocket(s, consumed, autoClose));
	}

	@Override
	public Socket createSocket(String host, int port) throws IOException {
		return seen(delegate.createSocket(host, port));
	}

	@Override
	public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
		return seen(delegate.createSocket(host, port, localHost, localPort));
	}

	@Override
	public Socket createSocket(InetAddress host, int port) throws IOException {
		return seen(delegate.createSocket(host, port));
	}

	@Override
	public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
		return seen(delegate.createSocket(address, port, localAddress, localPort));
	}
}
