package com.bitfaster.mail.cli.internal;

import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.equinox.p2.core.IProvisioningAgent;
import org.eclipse.equinox.p2.core.IProvisioningAgentProvider;
import org.eclipse.equinox.p2.core.ProvisionException;
import org.eclipse.equinox.p2.engine.IEngine;
import org.eclipse.equinox.p2.engine.IProfile;
import org.eclipse.equinox.p2.engine.IProfileRegistry;
import org.eclipse.equinox.p2.engine.IProvisioningPlan;
import org.eclipse.equinox.p2.engine.PhaseSetFactory;
import org.eclipse.equinox.p2.engine.ProvisioningContext;
import org.eclipse.equinox.p2.metadata.IInstallableUnit;
import org.eclipse.equinox.p2.planner.IPlanner;
import org.eclipse.equinox.p2.planner.IProfileChangeRequest;
import org.eclipse.equinox.p2.query.IQueryResult;
import org.eclipse.equinox.p2.query.QueryUtil;
import org.eclipse.equinox.p2.repository.metadata.IMetadataRepository;
import org.eclipse.equinox.p2.repository.metadata.IMetadataRepositoryManager;
import org.eclipse.osgi.util.NLS;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * {@code plugins list|install|update|uninstall} on the installation's p2 profile, through p2's planner and engine (the API
 * the director application and Install New Software use). The profile is the one the build materialized
 * ({@code eclipse.p2.profile} in config.ini) in the installation's own p2 folder, not the command line's
 * configuration area; the engine rewrites the installation's bundles.info, which the workbench and the command line
 * read at their next start.
 */
final class PluginsAction {

	/** p2's profile properties: where the installation is and where its bundles are kept. */
	private static final String INSTALL_FOLDER = "org.eclipse.equinox.p2.installFolder"; //$NON-NLS-1$
	private static final String CACHE = "org.eclipse.equinox.p2.cache"; //$NON-NLS-1$
	private static final String CONFIGURATION_FOLDER = "org.eclipse.equinox.p2.configurationFolder"; //$NON-NLS-1$
	private static final String ROOT = "org.eclipse.equinox.p2.type.root"; //$NON-NLS-1$
	private static final String FEATURE_GROUP = ".feature.group"; //$NON-NLS-1$
	/**
	 * Bundles whose services p2 looks up by interface only (the framework manipulator that writes bundles.info, the
	 * download transport): nothing loads their classes, so their lazy activation never happens by itself.
	 */
	private static final List<String> SERVICE_BUNDLES = List.of("org.eclipse.equinox.frameworkadmin.equinox", //$NON-NLS-1$
			"org.eclipse.equinox.simpleconfigurator.manipulator", "org.eclipse.equinox.p2.transport.ecf"); //$NON-NLS-1$ //$NON-NLS-2$
	/** Set by the dropins reconciler on what it installed from dropins/. */
	private static final String FROM_DROPINS = "org.eclipse.equinox.p2.reconciler.dropins"; //$NON-NLS-1$

	private final PrintStream out;
	private final BundleContext context = FrameworkUtil.getBundle(PluginsAction.class).getBundleContext();

	PluginsAction(PrintStream out) {
		this.out = out;
	}

	void list(boolean json) throws CliException {
		withProfile((agent, profile) -> {
			List<IInstallableUnit> roots = roots(profile);
			if (json) {
				JsonArray array = new JsonArray();
				for (IInstallableUnit iu : roots) {
					JsonObject o = CliJson.versioned();
					o.addProperty("id", iu.getId()); //$NON-NLS-1$
					o.addProperty("version", iu.getVersion().toString()); //$NON-NLS-1$
					o.addProperty("name", name(iu)); //$NON-NLS-1$
					o.addProperty("source", source(profile, iu)); //$NON-NLS-1$
					array.add(o);
				}
				out.println(array);
			} else {
				for (IInstallableUnit iu : roots) {
					out.println(String.format("%-55s %-28s %-9s %s", iu.getId(), iu.getVersion(), source(profile, iu), //$NON-NLS-1$
							name(iu)));
				}
			}
			return null;
		});
	}

	void install(String repository, String id) throws CliException {
		URI location = repositoryUri(repository);
		withProfile((agent, current) -> {
			IProfile profile = relocated(agent, current);
			IMetadataRepository metadata = load(agent, location);
			IInstallableUnit iu = latest(metadata.query(QueryUtil.createIUQuery(id), null))
					.or(() -> latest(metadata.query(QueryUtil.createIUQuery(id + FEATURE_GROUP), null)))
					.orElseThrow(() -> CliException.failed(NLS.bind(Messages.Plugins_notInRepository, id, location)));
			IPlanner planner = agent.getService(IPlanner.class);
			IProfileChangeRequest request = planner.createChangeRequest(profile);
			request.add(iu);
			request.setInstallableUnitProfileProperty(iu, ROOT, Boolean.TRUE.toString());
			ProvisioningContext provisioning = new ProvisioningContext(agent);
			provisioning.setMetadataRepositories(location);
			provisioning.setArtifactRepositories(location);
			perform(agent, request, provisioning);
			out.println(NLS.bind(Messages.Plugins_installed, iu.getId(), iu.getVersion()));
			return null;
		});
	}

	/**
	 * Replaces each plug-in installed with p2 (or those named) by the newest version the repository offers: a unit of
	 * the same id, or one whose update descriptor names it (how p2's Check for Updates finds them), in one plan.
	 */
	void update(String repository, List<String> ids) throws CliException {
		URI location = repositoryUri(repository);
		withProfile((agent, current) -> {
			IProfile profile = relocated(agent, current);
			IMetadataRepository metadata = load(agent, location);
			List<IInstallableUnit> installed = new ArrayList<>();
			for (String id : ids) {
				IInstallableUnit iu = latest(profile.query(QueryUtil.createIUQuery(id), null))
						.or(() -> latest(profile.query(QueryUtil.createIUQuery(id + FEATURE_GROUP), null)))
						.filter(unit -> roots(profile).contains(unit))
						.orElseThrow(() -> CliException.failed(NLS.bind(Messages.Plugins_notInstalled, id)));
				if (Boolean.parseBoolean(profile.getInstallableUnitProperty(iu, FROM_DROPINS))) {
					throw CliException.failed(NLS.bind(Messages.Plugins_notUpdatable, iu.getId()));
				}
				installed.add(iu);
			}
			if (ids.isEmpty()) {
				roots(profile).stream()
						.filter(iu -> !Boolean.parseBoolean(profile.getInstallableUnitProperty(iu, FROM_DROPINS)))
						.forEach(installed::add);
			}
			ProvisioningContext provisioning = new ProvisioningContext(agent);
			provisioning.setMetadataRepositories(location);
			provisioning.setArtifactRepositories(location);
			IPlanner planner = agent.getService(IPlanner.class);
			IProfileChangeRequest request = planner.createChangeRequest(profile);
			List<String> updated = new ArrayList<>();
			for (IInstallableUnit iu : installed) {
				Set<IInstallableUnit> candidates = new HashSet<>(
						planner.updatesFor(iu, provisioning, new NullProgressMonitor()).toUnmodifiableSet());
				candidates.addAll(metadata.query(QueryUtil.createIUQuery(iu.getId()), null).toUnmodifiableSet());
				Optional<IInstallableUnit> newest = candidates.stream()
						.filter(candidate -> candidate.getVersion().compareTo(iu.getVersion()) > 0)
						.max(Comparator.comparing(IInstallableUnit::getVersion));
				if (newest.isPresent()) {
					request.remove(iu);
					request.add(newest.get());
					request.setInstallableUnitProfileProperty(newest.get(), ROOT, Boolean.TRUE.toString());
					updated.add(NLS.bind(Messages.Plugins_updated,
							new Object[] { iu.getId(), iu.getVersion(), newest.get().getVersion() }));
				}
			}
			if (updated.isEmpty()) {
				out.println(NLS.bind(Messages.Plugins_upToDate, location));
				return null;
			}
			perform(agent, request, provisioning);
			updated.forEach(out::println);
			return null;
		});
	}

	void uninstall(String id) throws CliException {
		withProfile((agent, current) -> {
			IProfile profile = relocated(agent, current);
			IInstallableUnit iu = latest(profile.query(QueryUtil.createIUQuery(id), null))
					.or(() -> latest(profile.query(QueryUtil.createIUQuery(id + FEATURE_GROUP), null)))
					.orElseThrow(() -> CliException.failed(NLS.bind(Messages.Plugins_notInstalled, id)));
			if (!Boolean.parseBoolean(profile.getInstallableUnitProperty(iu, ROOT))) {
				throw CliException.failed(NLS.bind(Messages.Plugins_notARoot, iu.getId()));
			}
			if (Boolean.parseBoolean(profile.getInstallableUnitProperty(iu, FROM_DROPINS))) {
				throw CliException.failed(NLS.bind(Messages.Plugins_fromDropins, iu.getId()));
			}
			IPlanner planner = agent.getService(IPlanner.class);
			IProfileChangeRequest request = planner.createChangeRequest(profile);
			request.remove(iu);
			ProvisioningContext provisioning = new ProvisioningContext(agent);
			// Removing needs no repository: nothing is downloaded.
			provisioning.setMetadataRepositories();
			provisioning.setArtifactRepositories();
			perform(agent, request, provisioning);
			out.println(NLS.bind(Messages.Plugins_uninstalled, iu.getId(), iu.getVersion()));
			return null;
		});
	}

	/**
	 * The profile as it is once its folders point to where this installation is: the build materialized it elsewhere,
	 * and an unpacked or copied installation must be changed where it is now. A change of its own, so the engine's
	 * touchpoints see the new folders when they write the installation's configuration.
	 */
	private IProfile relocated(IProvisioningAgent agent, IProfile profile) throws CliException {
		String installFolder = installFolder().toString();
		String configuration = installFolder().resolve("configuration").toString(); //$NON-NLS-1$
		IPlanner planner = agent.getService(IPlanner.class);
		IProfileChangeRequest request = planner.createChangeRequest(profile);
		boolean moved = false;
		for (String key : List.of(INSTALL_FOLDER, CACHE)) {
			if (!installFolder.equals(profile.getProperty(key))) {
				request.setProfileProperty(key, installFolder);
				moved = true;
			}
		}
		if (profile.getProperty(CONFIGURATION_FOLDER) != null
				&& !configuration.equals(profile.getProperty(CONFIGURATION_FOLDER))) {
			request.setProfileProperty(CONFIGURATION_FOLDER, configuration);
			moved = true;
		}
		if (!moved) {
			return profile;
		}
		ProvisioningContext provisioning = new ProvisioningContext(agent);
		provisioning.setMetadataRepositories();
		provisioning.setArtifactRepositories();
		perform(agent, request, provisioning);
		return agent.getService(IProfileRegistry.class).getProfile(profile.getProfileId());
	}

	private static IMetadataRepository load(IProvisioningAgent agent, URI location) throws CliException {
		try {
			return agent.getService(IMetadataRepositoryManager.class).loadRepository(location,
					new NullProgressMonitor());
		} catch (ProvisionException e) {
			throw CliException.failed(NLS.bind(Messages.Plugins_repositoryUnreadable, location, e.getMessage()));
		}
	}

	/** Plans the change and has the engine carry it out. */
	private static void perform(IProvisioningAgent agent, IProfileChangeRequest request,
			ProvisioningContext provisioning) throws CliException {
		IPlanner planner = agent.getService(IPlanner.class);
		IProvisioningPlan plan = planner.getProvisioningPlan(request, provisioning, new NullProgressMonitor());
		if (!plan.getStatus().isOK()) {
			throw CliException.failed(NLS.bind(Messages.Plugins_cannotPlan, message(plan.getStatus())));
		}
		IStatus done = agent.getService(IEngine.class).perform(plan, PhaseSetFactory.createDefaultPhaseSet(),
				new NullProgressMonitor());
		if (done.getSeverity() == IStatus.ERROR || done.getSeverity() == IStatus.CANCEL) {
			throw CliException.failed(NLS.bind(Messages.Plugins_failed, message(done)));
		}
	}

	private interface ProfileWork {
		Void run(IProvisioningAgent agent, IProfile profile) throws CliException;
	}

	/** Runs {@code work} on the installation's profile with an agent of its own, stopped afterwards. */
	private void withProfile(ProfileWork work) throws CliException {
		ServiceReference<IProvisioningAgentProvider> reference = context
				.getServiceReference(IProvisioningAgentProvider.class);
		if (reference == null) {
			throw CliException.failed(Messages.Plugins_noP2);
		}
		IProvisioningAgentProvider provider = context.getService(reference);
		IProvisioningAgent agent = null;
		try {
			startServiceBundles();
			Path data = dataArea();
			if (!Files.isDirectory(data)) {
				throw CliException.failed(NLS.bind(Messages.Plugins_notProvisioned, installFolder()));
			}
			agent = provider.createAgent(data.toUri());
			String profileId = Optional.ofNullable(context.getProperty("eclipse.p2.profile")).orElse("DefaultProfile"); //$NON-NLS-1$ //$NON-NLS-2$
			IProfile profile = agent.getService(IProfileRegistry.class).getProfile(profileId);
			if (profile == null) {
				throw CliException.failed(NLS.bind(Messages.Plugins_noProfile, profileId, data));
			}
			work.run(agent, profile);
		} catch (ProvisionException e) {
			throw CliException.failed(NLS.bind(Messages.Plugins_failed, e.getMessage()));
		} finally {
			if (agent != null) {
				agent.stop();
			}
			context.ungetService(reference);
		}
	}

	private void startServiceBundles() throws CliException {
		for (org.osgi.framework.Bundle bundle : context.getBundles()) {
			if (SERVICE_BUNDLES.contains(bundle.getSymbolicName()) && bundle.getState() != org.osgi.framework.Bundle.ACTIVE) {
				try {
					bundle.start(org.osgi.framework.Bundle.START_TRANSIENT);
				} catch (org.osgi.framework.BundleException e) {
					throw CliException.failed(NLS.bind(Messages.Plugins_failed, e.getMessage()));
				}
			}
		}
	}

	private Path installFolder() throws CliException {
		String area = context.getProperty("osgi.install.area"); //$NON-NLS-1$
		try {
			return Path.of(new URI(area.replace(" ", "%20"))).normalize(); //$NON-NLS-1$ //$NON-NLS-2$
		} catch (URISyntaxException | RuntimeException e) {
			throw CliException.failed(NLS.bind(Messages.Plugins_notProvisioned, area));
		}
	}

	/** The installation's p2 folder: config.ini's eclipse.p2.data.area, relative to the installation's configuration. */
	private Path dataArea() throws CliException {
		Path configuration = installFolder().resolve("configuration"); //$NON-NLS-1$
		String area = context.getProperty("eclipse.p2.data.area"); //$NON-NLS-1$
		if (area == null || area.isBlank()) {
			return installFolder().resolve("p2"); //$NON-NLS-1$
		}
		if (area.startsWith("@config.dir")) { //$NON-NLS-1$
			return configuration.resolve(area.substring("@config.dir".length()).replaceFirst("^/", "")).normalize(); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		}
		return Path.of(area.replaceFirst("^file:", "")).normalize(); //$NON-NLS-1$ //$NON-NLS-2$
	}

	private static URI repositoryUri(String repository) throws CliException {
		try {
			if (repository.matches("[a-zA-Z][a-zA-Z0-9+.-]*:.*") && !repository.startsWith("/")) { //$NON-NLS-1$ //$NON-NLS-2$
				URI uri = new URI(repository);
				if (uri.isAbsolute()) {
					return uri;
				}
			}
			return Path.of(repository).toAbsolutePath().normalize().toUri();
		} catch (URISyntaxException | RuntimeException e) {
			throw CliException.usage(NLS.bind(Messages.Plugins_badRepository, repository));
		}
	}

	private static List<IInstallableUnit> roots(IProfile profile) {
		return profile.query(QueryUtil.createIUAnyQuery(), null).toUnmodifiableSet().stream()
				.filter(iu -> Boolean.parseBoolean(profile.getInstallableUnitProperty(iu, ROOT))
						|| Boolean.parseBoolean(profile.getInstallableUnitProperty(iu, FROM_DROPINS)))
				.sorted(Comparator.comparing(IInstallableUnit::getId)).toList();
	}

	private static String source(IProfile profile, IInstallableUnit iu) {
		if (Boolean.parseBoolean(profile.getInstallableUnitProperty(iu, FROM_DROPINS))) {
			return "dropins"; //$NON-NLS-1$
		}
		return "p2"; //$NON-NLS-1$
	}

	private static String name(IInstallableUnit iu) {
		return Optional.ofNullable(iu.getProperty(IInstallableUnit.PROP_NAME, null)).orElse(""); //$NON-NLS-1$
	}

	private static Optional<IInstallableUnit> latest(IQueryResult<IInstallableUnit> result) {
		return result.toUnmodifiableSet().stream().max(Comparator.comparing(IInstallableUnit::getVersion));
	}

	/** The innermost error's message and its cause, one line (p2's statuses nest the useful one). */
	private static String message(IStatus status) {
		IStatus error = null;
		for (IStatus child : status.getChildren()) {
			// p2 adds a "session context was ..." error beside the one that says what went wrong
			if (child.getSeverity() == IStatus.ERROR && (error == null || child.getException() != null)) {
				error = child;
			}
		}
		if (error != null) {
			return message(error);
		}
		Throwable cause = status.getException();
		if (cause instanceof org.eclipse.core.runtime.CoreException core && core.getStatus() != status) {
			return message(core.getStatus());
		}
		if (cause == null || cause.getMessage() != null && status.getMessage().contains(cause.getMessage())) {
			return status.getMessage();
		}
		return status.getMessage() + ": " + cause; //$NON-NLS-1$
	}
}
