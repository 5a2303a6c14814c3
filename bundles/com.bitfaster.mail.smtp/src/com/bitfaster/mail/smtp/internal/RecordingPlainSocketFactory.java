package com.bitfaster.mail.smtp.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.function.Consumer;

import javax.net.SocketFactory;

/** Delegates to a plain socket factory and hands each socket it creates to an observer (see {@link SocketRecorder}). */
final class RecordingPlainSocketFactory extends SocketFactory {

	private final SocketFactory delegate;
	private final Consumer<Socket> observer;

	RecordingPlainSocketFactory(SocketFactory delegate, Consumer<Socket> observer) {
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
	public Socket createSocket() throws IOException {
		return seen(delegate.createSocket());
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
