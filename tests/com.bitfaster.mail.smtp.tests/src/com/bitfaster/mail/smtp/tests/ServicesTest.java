package com.bitfaster.mail.smtp.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

import com.bitfaster.mail.core.ConnectionTester;
import com.bitfaster.mail.core.EncryptionProviderDescriptor;
import com.bitfaster.mail.core.SenderService;
import com.bitfaster.mail.core.internal.SenderServiceImpl;
import com.bitfaster.mail.smtp.internal.ConnectionTesterImpl;
import com.bitfaster.mail.core.MailExtensions;
import com.bitfaster.mail.core.TransportTypeDescriptor;
import com.bitfaster.mail.smtp.internal.SmtpTransportType;

/** The SMTP bundle's contributions as the core reads them from the running platform. */
class ServicesTest {

	private static <T> T service(Class<T> type) {
		BundleContext context = FrameworkUtil.getBundle(ServicesTest.class).getBundleContext();
		ServiceTracker<T, T> tracker = new ServiceTracker<>(context, type, null);
		tracker.open();
		try {
			T service = tracker.waitForService(10_000);
			assertNotNull(service, type.getName() + " is not registered"); //$NON-NLS-1$
			return service;
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new AssertionError(e);
		} finally {
			tracker.close();
		}
	}

	@Test
	void senderAndTesterAreDeclarativeServices() throws Exception {
		assertTrue(service(SenderService.class) instanceof SenderServiceImpl);
		assertTrue(service(ConnectionTester.class) instanceof ConnectionTesterImpl);
	}

	@Test
	void builtInProvidersAndTransportType() throws Exception {
		MailExtensions extensions = service(MailExtensions.class);
		List<EncryptionProviderDescriptor> providers = extensions.encryptionProviders();
		assertEquals(List.of("none", "ssl", "starttls"), providers.stream().map(EncryptionProviderDescriptor::id).toList()); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		assertEquals(List.of("None", "SSL/TLS", "STARTTLS"), providers.stream().map(EncryptionProviderDescriptor::label).toList()); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		assertEquals(List.of(25, 465, 587), providers.stream().map(EncryptionProviderDescriptor::defaultPort).toList());
		TransportTypeDescriptor smtp = extensions.transportType("smtp").orElseThrow(); //$NON-NLS-1$
		assertEquals("SMTP", smtp.label()); //$NON-NLS-1$
		assertTrue(smtp.transportType() instanceof SmtpTransportType);
	}
}
