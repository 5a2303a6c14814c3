package com.bitfaster.mail.ui.tests;

import static com.bitfaster.mail.tests.support.ui.WorkbenchDriver.*;
import static com.bitfaster.mail.ui.tests.UiTestSupport.execute;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.equinox.p2.core.IProvisioningAgent;
import org.eclipse.equinox.p2.engine.IProfile;
import org.eclipse.equinox.p2.engine.IProfileRegistry;
import org.eclipse.equinox.p2.metadata.IInstallableUnit;
import org.eclipse.equinox.p2.metadata.MetadataFactory;
import org.eclipse.equinox.p2.metadata.MetadataFactory.InstallableUnitDescription;
import org.eclipse.equinox.p2.metadata.Version;
import org.eclipse.equinox.p2.metadata.VersionRange;
import org.eclipse.equinox.p2.repository.metadata.IMetadataRepository;
import org.eclipse.equinox.p2.repository.metadata.IMetadataRepositoryManager;
import org.eclipse.equinox.p2.ui.ProvisioningUI;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.junit.jupiter.api.Test;

/**
 * Help > Install New Software... (p2's {@value #INSTALL} command, as the menu runs it) on a p2 repository the test
 * publishes with p2's API: the wizard lists its category once the site is typed into Work with, a screenshot is taken,
 * and the wizard is cancelled. The {@code updateSite} preference is then one of p2's known sites. The test runtime is
 * not a p2 installation: the pom names a p2 data area and profile, and the test creates that (empty) profile, without
 * which p2's handler refuses to open the wizard.
 */
class InstallNewSoftwareTest {

	private static final String INSTALL = "org.eclipse.equinox.p2.ui.sdk.install"; //$NON-NLS-1$
	private static final String CATEGORY = "Plug-ins for the install test"; //$NON-NLS-1$

	@Test
	void listsTheTypedSitesCategoryAndAddsTheUpdateSite() throws Exception {
		ProvisioningUI ui = ProvisioningUI.getDefaultUI();
		IProvisioningAgent agent = ui.getSession().getProvisioningAgent();
		assertNotNull(agent, "no p2 agent: eclipse.p2.data.area is not set"); //$NON-NLS-1$
		selfProfile(agent);
		URI site = publishSite(agent, targetDir().resolve("work/install-test-site"), "typed"); //$NON-NLS-1$ //$NON-NLS-2$
		URI updateSite = publishSite(agent, targetDir().resolve("work/install-test-update-site"), "update"); //$NON-NLS-1$ //$NON-NLS-2$
		InstanceScope.INSTANCE.getNode("com.bitfaster.mail.app").put("updateSite", updateSite.toString()); //$NON-NLS-1$ //$NON-NLS-2$

		// The command opens the wizard modally: what the user does in it runs from the wizard's own event loop.
		AtomicReference<Throwable> failure = new AtomicReference<>();
		AtomicReference<Path> shot = new AtomicReference<>();
		display().asyncExec(() -> {
			try {
				waitUntil("the Install wizard", () -> installShell().isPresent()); //$NON-NLS-1$
				Shell wizard = installShell().orElseThrow();
				Combo workWith = first(wizard, Combo.class).orElseThrow(() -> new AssertionError("no Work with field")); //$NON-NLS-1$
				workWith.setText(site.toString());
				Event enter = new Event(); // Return in the field: p2 adds the typed site and lists it
				enter.keyCode = SWT.CR;
				enter.character = SWT.CR;
				workWith.notifyListeners(SWT.KeyDown, enter);
				Tree tree = first(wizard, Tree.class).orElseThrow(() -> new AssertionError("no list of software")); //$NON-NLS-1$
				waitUntil(() -> "the category in the list; it shows " + labels(tree), //$NON-NLS-1$
						() -> labels(tree).contains(CATEGORY));
				shot.set(screenshot(wizard, "install-new-software")); //$NON-NLS-1$
			} catch (Throwable t) {
				failure.set(t);
			} finally {
				installShell().ifPresent(Shell::close); // Cancel
			}
		});
		execute(INSTALL);
		if (failure.get() != null) {
			throw new AssertionError(failure.get());
		}
		assertTrue(Files.size(shot.get()) > 0);
		waitUntil("the wizard closed", () -> installShell().isEmpty()); //$NON-NLS-1$
		List<URI> known = Arrays.asList(ui.getRepositoryTracker().getKnownRepositories(ui.getSession()));
		assertTrue(isKnown(known, updateSite), "the update site is not among p2's sites: " + known); //$NON-NLS-1$
		assertTrue(isKnown(known, site), "the typed site is not among p2's sites: " + known); //$NON-NLS-1$
	}

	/** The wizard keeps the typed spelling ({@code file:////...}): compared as folders. */
	private static boolean isKnown(List<URI> known, URI folder) {
		return known.stream().anyMatch(u -> "file".equals(u.getScheme()) //$NON-NLS-1$
				&& Path.of(u.getPath()).equals(Path.of(folder.getPath())));
	}

	/** The profile p2's UI works on ({@code eclipse.p2.profile}), created empty if this runtime has none yet. */
	private static void selfProfile(IProvisioningAgent agent) throws Exception {
		IProfileRegistry registry = agent.getService(IProfileRegistry.class);
		String id = System.getProperty("eclipse.p2.profile"); //$NON-NLS-1$
		assertNotNull(id, "eclipse.p2.profile is not set"); //$NON-NLS-1$
		if (registry.getProfile(id) == null) {
			registry.addProfile(id, Map.of(IProfile.PROP_INSTALL_FOLDER, targetDir().resolve("work").toString(), //$NON-NLS-1$
					IProfile.PROP_ENVIRONMENTS, "osgi.os=linux,osgi.ws=gtk,osgi.arch=x86_64")); //$NON-NLS-1$
		}
		assertNotNull(registry.getProfile(IProfileRegistry.SELF), "p2 has no self profile"); //$NON-NLS-1$
	}

	/** A p2 repository with one feature group in one category, as a third party's build publishes it. */
	private static URI publishSite(IProvisioningAgent agent, Path folder, String name) throws Exception {
		URI location = folder.toUri();
		IMetadataRepositoryManager manager = agent.getService(IMetadataRepositoryManager.class);
		manager.removeRepository(location);
		Files.createDirectories(folder);
		Files.deleteIfExists(folder.resolve("content.xml")); //$NON-NLS-1$
		IMetadataRepository repository = manager.createRepository(location, name,
				IMetadataRepositoryManager.TYPE_SIMPLE_REPOSITORY, Map.of());
		Version version = Version.create("1.0.0"); //$NON-NLS-1$
		InstallableUnitDescription group = new InstallableUnitDescription();
		group.setId("com.example.install.test.feature.group"); //$NON-NLS-1$
		group.setVersion(version);
		group.setProperty(IInstallableUnit.PROP_NAME, "Install test feature"); //$NON-NLS-1$
		group.setProperty("org.eclipse.equinox.p2.type.group", "true"); //$NON-NLS-1$ //$NON-NLS-2$
		group.addProvidedCapabilities(List.of(MetadataFactory.createProvidedCapability(IInstallableUnit.NAMESPACE_IU_ID,
				group.getId(), version)));
		InstallableUnitDescription category = new InstallableUnitDescription();
		category.setId("com.example.install.test.category"); //$NON-NLS-1$
		category.setVersion(version);
		category.setProperty(IInstallableUnit.PROP_NAME, CATEGORY);
		category.setProperty("org.eclipse.equinox.p2.type.category", "true"); //$NON-NLS-1$ //$NON-NLS-2$
		category.addProvidedCapabilities(List.of(MetadataFactory.createProvidedCapability(IInstallableUnit.NAMESPACE_IU_ID,
				category.getId(), version)));
		category.addRequirements(List.of(MetadataFactory.createRequirement(IInstallableUnit.NAMESPACE_IU_ID, group.getId(),
				new VersionRange(version, true, version, true), null, false, false)));
		repository.addInstallableUnits(List.of(MetadataFactory.createInstallableUnit(group),
				MetadataFactory.createInstallableUnit(category)));
		manager.removeRepository(location); // known to p2 only once the wizard or the preference adds it
		return location;
	}

	private static Optional<Shell> installShell() {
		return Arrays.stream(display().getShells()).filter(s -> !s.isDisposed() && s.isVisible())
				.filter(s -> s.getText().strip().equals("Install")).findFirst(); //$NON-NLS-1$
	}

	private static <T extends Control> Optional<T> first(Composite root, Class<T> type) {
		for (Control child : root.getChildren()) {
			if (type.isInstance(child) && child.isVisible()) {
				return Optional.of(type.cast(child));
			}
			if (child instanceof Composite composite) {
				Optional<T> found = first(composite, type);
				if (found.isPresent()) {
					return found;
				}
			}
		}
		return Optional.empty();
	}

	private static List<String> labels(Tree tree) {
		return tree.isDisposed() ? List.of() : Arrays.stream(tree.getItems()).map(TreeItem::getText).toList();
	}
}
