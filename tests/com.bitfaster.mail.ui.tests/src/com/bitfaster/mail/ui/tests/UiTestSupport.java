package com.bitfaster.mail.ui.tests;

import static com.bitfaster.mail.tests.support.ui.WorkbenchDriver.flush;
import static com.bitfaster.mail.tests.support.ui.WorkbenchDriver.page;
import static com.bitfaster.mail.tests.support.ui.WorkbenchDriver.waitUntil;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.eclipse.core.runtime.Platform;
import org.eclipse.jface.dialogs.ErrorDialog;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.handlers.IHandlerService;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;

import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.ServerRegistry;
import com.bitfaster.mail.tests.support.ui.Widgets;
import com.bitfaster.mail.ui.MailServices;
import com.bitfaster.mail.ui.UserPrompts;
import com.bitfaster.mail.ui.internal.form.ServerSettingsForm;
import com.bitfaster.mail.ui.internal.navigator.ServerNavigator;
import com.bitfaster.mail.ui.internal.navigator.ServerNode;

/**
 * Drives the mail UI in the running workbench: registry, navigator, commands, server form fields by their key, scripted
 * prompts. The event loop, the page and screenshots are {@link com.bitfaster.mail.tests.support.ui.WorkbenchDriver}'s.
 */
final class UiTestSupport {

	private static ServiceRegistration<UserPrompts> scriptedPrompts;

	private UiTestSupport() {
	}

	static List<String> safeLabels() {
		try {
			return serverLabels();
		} catch (Exception e) {
			return List.of(e.toString());
		}
	}

	static ServerRegistry registry() {
		return MailServices.registry();
	}

	/** Starts every test from an empty registry, no open editors and prompts that fail loudly if asked. */
	static void reset() {
		ErrorDialog.AUTOMATED_MODE = true;
		page().closeAllEditors(false);
		org.eclipse.ui.IViewPart diagnostics = page().findView(com.bitfaster.mail.ui.internal.diagnostics.DiagnosticsView.ID);
		if (diagnostics != null) {
			page().hideView(diagnostics);
		}
		for (MailServer server : registry().servers()) {
			registry().delete(server.id());
		}
		// Commands ask the prompts service with the highest ranking, so they run without modal dialogs.
		if (scriptedPrompts != null) {
			scriptedPrompts.unregister();
		}
		scriptedPrompts = FrameworkUtil.getBundle(UiTestSupport.class).getBundleContext()
				.registerService(UserPrompts.class, new ScriptedPrompts(), null);
		flush();
	}

	static MailServer addServer(String name, String host, int port) {
		return registry().add(MailServer.builder().name(name).host(host).port(port).transportType("smtp") //$NON-NLS-1$
				.encryption("none").build(), "secret".toCharArray()); //$NON-NLS-1$ //$NON-NLS-2$
	}

	static Path serversFile() {
		return Platform.getStateLocation(Platform.getBundle("com.bitfaster.mail.core")).toPath() //$NON-NLS-1$
				.resolve("servers.json"); //$NON-NLS-1$
	}

	static String serversJson() throws java.io.IOException {
		return Files.exists(serversFile()) ? Files.readString(serversFile()) : ""; //$NON-NLS-1$
	}

	static ServerNavigator navigator() throws Exception {
		ServerNavigator view = (ServerNavigator) page().showView(ServerNavigator.ID);
		page().activate(view);
		return view;
	}

	/** @return the navigator's filter box: the search field above its tree */
	static Text filterBox() throws Exception {
		Composite view = navigator().getCommonViewer().getTree().getParent().getParent();
		return Widgets.all(view, Text.class).stream().filter(t -> (t.getStyle() & SWT.SEARCH) != 0).findFirst()
				.orElseThrow(() -> new AssertionError("no filter box")); //$NON-NLS-1$
	}

	/** @return the labels of the server items below "SMTP Servers", as shown */
	static List<String> serverLabels() throws Exception {
		Tree tree = navigator().getCommonViewer().getTree();
		List<String> labels = new ArrayList<>();
		for (TreeItem root : tree.getItems()) {
			for (TreeItem item : root.getItems()) {
				labels.add(item.getText());
			}
		}
		return labels;
	}

	static void waitForLabels(String what, java.util.function.Predicate<List<String>> condition) {
		waitUntil(() -> what + " (labels: " + safeLabels() + ")", () -> { //$NON-NLS-1$ //$NON-NLS-2$
			try {
				return condition.test(serverLabels());
			} catch (Exception e) {
				throw new AssertionError(e);
			}
		});
	}

	/** Selects the servers in the navigator and makes it the active part, as a user would before a command. */
	static void select(MailServer... servers) throws Exception {
		ServerNavigator view = navigator();
		waitForLabels("servers listed", labels -> Arrays.stream(servers) //$NON-NLS-1$
				.allMatch(s -> labels.stream().anyMatch(l -> l.startsWith(s.name()))));
		view.getCommonViewer().setSelection(new StructuredSelection(
				Arrays.stream(servers).map(ServerNode::new).toArray()), true);
		view.setFocus();
		flush();
	}

	static void execute(String commandId) throws Exception {
		PlatformUI.getWorkbench().getService(IHandlerService.class).executeCommand(commandId, null);
		flush();
	}

	/** @return the control a form created for a field (see {@link ServerSettingsForm#FIELD_KEY}) */
	static <T extends Control> T field(Composite root, String key) {
		return Widgets.field(root, ServerSettingsForm.FIELD_KEY, key);
	}

	static Optional<Control> find(Composite root, String key) {
		return Widgets.find(root, ServerSettingsForm.FIELD_KEY, key);
	}

	static void type(Composite root, String key, String value) {
		Text text = field(root, key);
		text.setText(value);
		flush();
	}

	static void choose(Composite root, String key, String itemStart) {
		Combo combo = field(root, key);
		for (int i = 0; i < combo.getItemCount(); i++) {
			if (combo.getItem(i).startsWith(itemStart)) {
				combo.select(i);
				combo.notifyListeners(SWT.Selection, null);
				flush();
				return;
			}
		}
		throw new AssertionError("no item " + itemStart + " in " + Arrays.toString(combo.getItems())); //$NON-NLS-1$ //$NON-NLS-2$
	}

	/** Answers the questions of commands without dialogs. */
	static final class ScriptedPrompts implements UserPrompts {
		final List<String> confirmations = new ArrayList<>();
		final List<String> informations = new ArrayList<>();
		boolean answer;
		Instant instant;
		Path file;

		@Override
		public boolean confirm(Shell shell, String title, String message) {
			confirmations.add(message);
			return answer;
		}

		@Override
		public Optional<Instant> askInstant(Shell shell, String title, String message, Instant initial) {
			return Optional.ofNullable(instant);
		}

		@Override
		public Optional<Path> askFile(Shell shell, boolean save, String suggestedName) {
			return Optional.ofNullable(file);
		}

		@Override
		public void inform(Shell shell, String title, String message, List<String> details) {
			informations.add(message + " " + String.join(" ", details)); //$NON-NLS-1$ //$NON-NLS-2$
		}
	}

	static ScriptedPrompts prompts() {
		return (ScriptedPrompts) UserPrompts.current();
	}

	static <T> T supply(Supplier<T> supplier) {
		return supplier.get();
	}
}
