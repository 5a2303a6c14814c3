package com.bitfaster.mail.smtp.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;

import javax.net.SocketFactory;

/**
 * Plain sockets with TCP_NODELAY: pipelined commands are written one after the other, and Nagle's algorithm would hold
 * each back until the previous one was acknowledged, which costs the round trip pipelining saves. Their writes time
 * out ({@link WatchedSocket}).
 */
final class NoDelaySocketFactory extends SocketFactory {

	private final long writeTimeoutMillis;

	NoDelaySocketFactory(long writeTimeoutMillis) {
		this.writeTimeoutMillis = writeTimeoutMillis;
	}

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
		return noDelay(new WatchedSocket(writeTimeoutMillis));
	}

	@Override
	public Socket createSocket(String host, int port) throws IOException {
		return createSocket(new InetSocketAddress(host, port), null);
	}

	@Override
	public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
		return createSocket(new InetSocketAddress(host, port), new InetSocketAddress(localHost, localPort));
	}

	@Override
	public Socket createSocket(InetAddress host, int port) throws IOException {
		return createSocket(new InetSocketAddress(host, port), null);
	}

	@Override
	public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
		return createSocket(new InetSocketAddress(address, port), new InetSocketAddress(localAddress, localPort));
	}

	private Socket createSocket(InetSocketAddress remote, InetSocketAddress local) throws IOException {
		Socket socket = createSocket();
		try {
			if (local != null) {
				socket.bind(local);
			}
			socket.connect(remote);
			return socket;
		} catch (IOException | RuntimeException e) {
			socket.close();
			throw e;
		}
	}
}
