package com.bitfaster.mail.tests.support;

import java.util.Arrays;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/** GreenMail on the loopback address, each protocol on a port the system picks (read it back from GreenMail). */
public final class LoopbackGreenMail {

	private LoopbackGreenMail() {
	}

	/** @param protocols {@link ServerSetup#PROTOCOL_SMTP}, {@link ServerSetup#PROTOCOL_POP3}, ... */
	public static GreenMail start(String... protocols) {
		return start(GreenMailConfiguration.aConfig(), protocols);
	}

	/**
	 * How long GreenMail may take to have its server threads accepting. Its default (2 s) failed beside stress-ng and
	 * parallel builds; this bounds a hang, it does not pace the test.
	 */
	public static final long STARTUP_TIMEOUT_MILLIS = 60_000;

	/** @param configuration the users GreenMail knows from the start */
	public static GreenMail start(GreenMailConfiguration configuration, String... protocols) {
		ServerSetup[] setups = Arrays.stream(protocols).map(p -> patient(new ServerSetup(0, Loopback.HOST, p).dynamicPort()))
				.toArray(ServerSetup[]::new);
		GreenMail mail = new GreenMail(setups).withConfiguration(configuration);
		mail.start();
		return mail;
	}

	/** @return {@code setup} with {@link #STARTUP_TIMEOUT_MILLIS} */
	public static ServerSetup patient(ServerSetup setup) {
		setup.setServerStartupTimeout(STARTUP_TIMEOUT_MILLIS);
		return setup;
	}
}
