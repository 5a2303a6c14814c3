package com.bitfaster.mail.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.lang.reflect.Method;

import org.eclipse.equinox.security.storage.ISecurePreferences;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.Version;

/**
 * SecretStore re-reads secure storage another process changed through Equinox internals (there is no API for it):
 * {@code SecurePreferencesWrapper.getContainer().getRootData()}, then {@code SecurePreferencesRoot.load()} and
 * {@code setModified(false)}. The core bundle pins org.eclipse.equinox.security to 1.4.7xx; this test fails loudly
 * when a new Equinox is taken in or one of those members is gone, instead of passwords being silently lost.
 */
class EquinoxSecureStorageCanaryTest {

	@Test
	void theEquinoxInternalsSecretStoreReliesOnAreThere() throws Exception {
		Bundle security = FrameworkUtil.getBundle(ISecurePreferences.class);
		Version v = security.getVersion();
		assertEquals("1.4.700", v.getMajor() + "." + v.getMinor() + "." + v.getMicro(), //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
				"a new org.eclipse.equinox.security: check SecretStore.reloadIfChanged, then move the pin"); //$NON-NLS-1$
		Class<?> wrapper = security.loadClass("org.eclipse.equinox.internal.security.storage.SecurePreferencesWrapper"); //$NON-NLS-1$
		Method getContainer = wrapper.getMethod("getContainer"); //$NON-NLS-1$
		Method getRootData = getContainer.getReturnType().getMethod("getRootData"); //$NON-NLS-1$
		Class<?> root = getRootData.getReturnType();
		assertEquals("org.eclipse.equinox.internal.security.storage.SecurePreferencesRoot", root.getName()); //$NON-NLS-1$
		assertNotNull(root.getMethod("load")); //$NON-NLS-1$
		assertNotNull(root.getMethod("setModified", boolean.class)); //$NON-NLS-1$
		assertNotNull(root.getMethod("childrenNames")); //$NON-NLS-1$
	}
}
