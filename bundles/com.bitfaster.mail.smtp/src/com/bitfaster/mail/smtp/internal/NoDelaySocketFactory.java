package com.bitfaster.mail.smtp.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;

import javax.net.SocketFactory;

/**
 * Plain sockets with TCP_NODELAY: pipelined commands are written one after the other, and Nagle's algorithm would hold
 * each back until the previous one was acknowledged, which costs the round trip pipelining saves.
 */
final class NoDelaySocketFactory extends SocketFactory {

	static final NoDelaySocketFactory INSTANCE = new NoDelaySocketFactory();

	private final SocketFactory delegate = SocketFactory.getDefault();

	static Socket noDelay(Socket socket) {
		try {
			socket.setTcpNoDelay(true);
		} catch (SocketException e) {
			// Only slower without it.
		}
		return socket;
	}

	@Override
	public Socket createSocket() throws IOException {
		return noDelay(delegate.createSocket());
	}

	@Override
	public Socket createSocket(String host, int port) throws IOException {
		return noDelay(delegate.createSocket(host, port));
	}

	@Override
	public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
		return noDelay(delegate.createSocket(host, port, localHost, localPort));
	}

	@Override
	public Socket createSocket(InetAddress host, int port) throws IOException {
		return noDelay(delegate.createSocket(host, port));
	}

	@Override
	public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
		return noDelay(delegate.createSocket(address, port, localAddress, localPort));
	}
}
