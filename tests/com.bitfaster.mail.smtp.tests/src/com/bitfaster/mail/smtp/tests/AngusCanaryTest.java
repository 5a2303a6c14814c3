package com.bitfaster.mail.smtp.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.OutputStream;
import java.lang.reflect.Field;

import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.junit.jupiter.api.Test;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.Version;

/**
 * TrackingSmtpTransport writes pipelined commands on Angus's private {@code SMTPTransport.serverOutput} and overrides
 * protected methods whose call order is Angus's. The smtp bundle pins Angus to 2.0.5; this test fails loudly when a
 * different Angus is taken in or the field is gone, instead of pipelining silently falling back.
 */
class AngusCanaryTest {

	@Test
	void theAngusMembersTheSenderReliesOnAreThere() throws Exception {
		Version v = FrameworkUtil.getBundle(SMTPTransport.class).getVersion();
		assertEquals("2.0.5", v.getMajor() + "." + v.getMinor() + "." + v.getMicro(), //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				"a new Angus: check TrackingSmtpTransport (serverOutput, the overridden methods, the command texts), then move the pin"); //$NON-NLS-1$
		Field f = SMTPTransport.class.getDeclaredField("serverOutput"); //$NON-NLS-1$
		assertEquals(OutputStream.class, f.getType());
	}
}
