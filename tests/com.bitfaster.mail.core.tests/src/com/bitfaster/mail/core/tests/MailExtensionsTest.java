package com.bitfaster.mail.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.SSLSocketFactory;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.ILogListener;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Platform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;

import com.bitfaster.mail.core.EncryptionProvider;
import com.bitfaster.mail.core.EncryptionProviderDescriptor;
import com.bitfaster.mail.core.MailExtensions;
import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.SessionSettings;
import com.bitfaster.mail.core.TransportTypeDescriptor;
import com.bitfaster.mail.core.internal.MailExtensionsImpl;

class MailExtensionsTest {

	private final List<IStatus> logged = new CopyOnWriteArrayList<>();
	private final ILogListener listener = (status, plugin) -> logged.add(status);

	@BeforeEach
	void listen() {
		Platform.addLogListener(listener);
	}

	@AfterEach
	void stopListening() {
		Platform.removeLogListener(listener);
	}

	private List<String> loggedMessages() {
		return logged.stream().map(IStatus::getMessage).toList();
	}

	@Test
	void validContributionsAreReadWithTheirAttributes() {
		MailExtensions extensions = new MailExtensionsImpl(Platform.getExtensionRegistry());
		List<String> ids = extensions.encryptionProviders().stream().map(EncryptionProviderDescriptor::id)
				.filter(id -> id.startsWith("test.")).toList(); //$NON-NLS-1$
		// test.missingClass and test.wrongType are listed until first use reveals them.
		assertEquals(List.of("test.missingClass", "test.plain", "test.tls", "test.wrongType"), ids.stream().sorted().toList()); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
		EncryptionProviderDescriptor plain = extensions.encryptionProvider("test.plain").orElseThrow(); //$NON-NLS-1$
		assertEquals("Test plain", plain.label()); //$NON-NLS-1$
		assertEquals("Plain test connection", plain.description()); //$NON-NLS-1$
		assertEquals(2525, plain.defaultPort());
		assertEquals("com.bitfaster.mail.core.tests", plain.contributor()); //$NON-NLS-1$
		TransportTypeDescriptor smtp = extensions.transportType("test.smtp").orElseThrow(); //$NON-NLS-1$
		assertEquals("Test SMTP", smtp.label()); //$NON-NLS-1$
	}

	@Test
	void brokenContributionsAreSkippedAndLogged() {
		MailExtensions extensions = new MailExtensionsImpl(Platform.getExtensionRegistry());
		assertTrue(extensions.encryptionProvider("test.noLabel").isEmpty()); //$NON-NLS-1$
		assertTrue(extensions.encryptionProvider("test.badPort").isEmpty()); //$NON-NLS-1$
		assertEquals("Test plain", extensions.encryptionProvider("test.plain").orElseThrow().label()); //$NON-NLS-1$ //$NON-NLS-2$
		assertTrue(loggedMessages().contains("Ignored a contribution to com.bitfaster.mail.core.encryptionProviders from " //$NON-NLS-1$
				+ "com.bitfaster.mail.core.tests: the attribute 'label' is missing."), loggedMessages().toString()); //$NON-NLS-1$
		assertTrue(loggedMessages().contains("Ignored the encryption provider 'test.badPort' from com.bitfaster.mail.core.tests: " //$NON-NLS-1$
				+ "defaultPort '70000' is not a port between 1 and 65535."), loggedMessages().toString()); //$NON-NLS-1$
		assertTrue(loggedMessages().contains("Ignored the contribution 'test.plain' to com.bitfaster.mail.core.encryptionProviders " //$NON-NLS-1$
				+ "from com.bitfaster.mail.core.tests: the id is already contributed by com.bitfaster.mail.core.tests."), //$NON-NLS-1$
				loggedMessages().toString());
		assertTrue(loggedMessages().contains("Ignored a contribution to com.bitfaster.mail.core.transportTypes from " //$NON-NLS-1$
				+ "com.bitfaster.mail.core.tests: the attribute 'id' is missing."), loggedMessages().toString()); //$NON-NLS-1$
	}

	@Test
	void aClassThatCannotBeCreatedIsLoggedOnceAndLeftOut() {
		MailExtensions extensions = new MailExtensionsImpl(Platform.getExtensionRegistry());
		EncryptionProviderDescriptor missing = extensions.encryptionProvider("test.missingClass").orElseThrow(); //$NON-NLS-1$
		CoreException e = assertThrows(CoreException.class, missing::provider);
		assertTrue(e.getMessage().contains("com.bitfaster.mail.core.tests.NoSuchProvider"), e.getMessage()); //$NON-NLS-1$
		assertThrows(CoreException.class, missing::provider);
		assertEquals(1, loggedMessages().stream().filter(m -> m.contains("NoSuchProvider")).count()); //$NON-NLS-1$
		assertTrue(extensions.encryptionProvider("test.missingClass").isEmpty()); //$NON-NLS-1$
		assertFalse(extensions.encryptionProviders().stream().anyMatch(d -> d.id().equals("test.missingClass"))); //$NON-NLS-1$

		EncryptionProviderDescriptor wrongType = extensions.encryptionProvider("test.wrongType").orElseThrow(); //$NON-NLS-1$
		CoreException wrong = assertThrows(CoreException.class, wrongType::provider);
		assertTrue(wrong.getStatus().getException() instanceof CoreException, wrong.toString());
		assertTrue(extensions.encryptionProvider("test.wrongType").isEmpty()); //$NON-NLS-1$

		TransportTypeDescriptor missingType = extensions.transportType("test.missingClass").orElseThrow(); //$NON-NLS-1$
		assertThrows(CoreException.class, missingType::transportType);
		assertTrue(extensions.transportType("test.missingClass").isEmpty()); //$NON-NLS-1$
		assertEquals("Test SMTP", extensions.transportType("test.smtp").orElseThrow().label()); //$NON-NLS-1$ //$NON-NLS-2$
	}

	@Test
	void classesAreCreatedOnFirstUseOnlyAndOnce() throws CoreException {
		MailExtensions extensions = new MailExtensionsImpl(Platform.getExtensionRegistry());
		int before = TestEncryptionProvider.CREATED.get();
		EncryptionProviderDescriptor tls = extensions.encryptionProvider("test.tls").orElseThrow(); //$NON-NLS-1$
		assertEquals(before, TestEncryptionProvider.CREATED.get());
		EncryptionProvider provider = tls.provider();
		assertSame(provider, tls.provider());
		assertEquals(before + 1, TestEncryptionProvider.CREATED.get());

		Properties props = new Properties();
		provider.configure(new SessionSettings() {
			@Override
			public MailServer server() {
				return TestServers.server("S").build(); //$NON-NLS-1$
			}

			@Override
			public String protocol() {
				return "smtp"; //$NON-NLS-1$
			}

			@Override
			public Properties properties() {
				return props;
			}

			@Override
			public SSLSocketFactory verifyingSocketFactory() {
				return (SSLSocketFactory) SSLSocketFactory.getDefault();
			}
		});
		assertEquals("yes", props.getProperty("mail.smtp.test")); //$NON-NLS-1$ //$NON-NLS-2$
	}

	@Test
	void theServicesAreDeclarativeServicesComponents() {
		BundleContext context = FrameworkUtil.getBundle(getClass()).getBundleContext();
		ServiceReference<MailExtensions> extensionsRef = context.getServiceReference(MailExtensions.class);
		ServiceReference<com.bitfaster.mail.core.ServerRegistry> registryRef = context
				.getServiceReference(com.bitfaster.mail.core.ServerRegistry.class);
		assertTrue(extensionsRef != null, "MailExtensions service is registered"); //$NON-NLS-1$
		assertTrue(registryRef != null, "ServerRegistry service is registered"); //$NON-NLS-1$
		MailExtensions service = context.getService(extensionsRef);
		try {
			assertTrue(service.transportType("test.smtp").isPresent()); //$NON-NLS-1$
		} finally {
			context.ungetService(extensionsRef);
		}
	}
}
