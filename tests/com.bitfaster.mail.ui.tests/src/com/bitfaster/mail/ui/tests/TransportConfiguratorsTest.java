package com.bitfaster.mail.ui.tests;

import static com.bitfaster.mail.tests.support.ui.WorkbenchDriver.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.wiring.FrameworkWiring;

import com.bitfaster.mail.ui.MailServices;
import com.bitfaster.mail.ui.internal.form.TransportConfigurators;

/**
 * The UI's {@code transportConfigurators} reader follows plug-ins that come and go: a bundle contributing a
 * configurator is installed into the running workbench, then uninstalled, and the reader sees both without a restart.
 */
class TransportConfiguratorsTest {

	private static final String TYPE = "rereadtest"; //$NON-NLS-1$

	@Test
	void readsAgainWhenAPluginComesAndGoes() throws Exception {
		assertTrue(TransportConfigurators.get().forType("pickup").isPresent(), "the pickup configurator is read"); //$NON-NLS-1$ //$NON-NLS-2$
		assertTrue(TransportConfigurators.get().forType(TYPE).isEmpty());

		BundleContext context = FrameworkUtil.getBundle(getClass()).getBundleContext();
		Bundle plugin = context.installBundle("reread-test-plugin", new ByteArrayInputStream(pluginJar())); //$NON-NLS-1$
		try {
			FrameworkWiring wiring = context.getBundle(0).adapt(FrameworkWiring.class);
			assertTrue(wiring.resolveBundles(List.of(plugin)), "the contributing plug-in resolves"); //$NON-NLS-1$
			waitUntil("the new plug-in's configurator is read", //$NON-NLS-1$
					() -> TransportConfigurators.get().forType(TYPE).isPresent());
		} finally {
			plugin.uninstall();
		}
		context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(List.of(plugin));
		waitUntil("the removed plug-in's configurator is gone", () -> TransportConfigurators.get().forType(TYPE).isEmpty()); //$NON-NLS-1$
		assertTrue(TransportConfigurators.get().forType("pickup").isPresent(), "the others stay"); //$NON-NLS-1$ //$NON-NLS-2$
	}

	@Test
	void servicesAreTrackedOncePerType() {
		MailServices.registry();
		MailServices.sender();
		int open = MailServices.openTrackers();
		for (int i = 0; i < 3; i++) {
			MailServices.registry();
			MailServices.sender();
		}
		assertEquals(open, MailServices.openTrackers(), "asking again reuses the open trackers"); //$NON-NLS-1$
	}

	private static byte[] pluginJar() throws Exception {
		Manifest manifest = new Manifest();
		Attributes main = manifest.getMainAttributes();
		main.put(Attributes.Name.MANIFEST_VERSION, "1.0"); //$NON-NLS-1$
		main.putValue("Bundle-ManifestVersion", "2"); //$NON-NLS-1$ //$NON-NLS-2$
		main.putValue("Bundle-SymbolicName", "com.example.rereadtest;singleton:=true"); //$NON-NLS-1$ //$NON-NLS-2$
		main.putValue("Bundle-Version", "1.0.0"); //$NON-NLS-1$ //$NON-NLS-2$
		String pluginXml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><?eclipse version=\"3.4\"?><plugin>" //$NON-NLS-1$
				+ "<extension point=\"" + TransportConfigurators.EXTENSION_POINT + "\">" //$NON-NLS-1$ //$NON-NLS-2$
				+ "<configurator transportType=\"" + TYPE + "\" class=\"com.example.rereadtest.Configurator\"/>" //$NON-NLS-1$ //$NON-NLS-2$
				+ "</extension></plugin>"; //$NON-NLS-1$
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
			jar.putNextEntry(new JarEntry("plugin.xml")); //$NON-NLS-1$
			jar.write(pluginXml.getBytes(StandardCharsets.UTF_8));
			jar.closeEntry();
		}
		return bytes.toByteArray();
	}
}
