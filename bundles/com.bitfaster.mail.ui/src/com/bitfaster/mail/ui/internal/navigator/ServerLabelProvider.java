package com.bitfaster.mail.ui.internal.navigator;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Optional;

import org.eclipse.jface.fieldassist.FieldDecorationRegistry;
import org.eclipse.jface.resource.ImageDescriptor;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.jface.resource.LocalResourceManager;
import org.eclipse.jface.resource.ResourceLocator;
import org.eclipse.jface.viewers.DecorationOverlayIcon;
import org.eclipse.jface.viewers.DelegatingStyledCellLabelProvider.IStyledLabelProvider;
import org.eclipse.jface.viewers.IDecoration;
import org.eclipse.jface.viewers.LabelProvider;
import org.eclipse.jface.viewers.StyledString;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.graphics.Image;
import org.eclipse.ui.IMemento;
import org.eclipse.ui.navigator.ICommonContentExtensionSite;
import org.eclipse.ui.navigator.ICommonLabelProvider;

import com.bitfaster.mail.core.DiagnosticReport;
import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.ui.internal.Messages;
import com.bitfaster.mail.ui.internal.diagnostics.ConnectionTestResults;
import com.bitfaster.mail.ui.internal.form.ServerEditModel;
import com.bitfaster.mail.ui.internal.form.TransportConfiguratorDescriptor;
import com.bitfaster.mail.ui.internal.form.TransportConfigurators;

/**
 * Name and {@code host:port} of each server, an icon for its transport type, and decorations for inactive,
 * inactive-until, the last connection test, and a password sent without TLS.
 */
public class ServerLabelProvider extends LabelProvider implements ICommonLabelProvider, IStyledLabelProvider {

	private final LocalResourceManager resources = new LocalResourceManager(JFaceResources.getResources());
	private final Clock clock = Clock.systemUTC();

	@Override
	public void init(ICommonContentExtensionSite config) {
		// Nothing to configure.
	}

	@Override
	public String getText(Object element) {
		return getStyledText(element).getString();
	}

	@Override
	public StyledString getStyledText(Object element) {
		if (element instanceof ServersNode) {
			return new StyledString(Messages.Navigator_servers);
		}
		if (!(element instanceof ServerNode node)) {
			return new StyledString(String.valueOf(element));
		}
		MailServer server = ServerContentProvider.current(node);
		StyledString text = new StyledString(server.name());
		text.append("  " + destination(server), StyledString.QUALIFIER_STYLER); //$NON-NLS-1$
		status(server).ifPresent(s -> text.append("  " + s, StyledString.DECORATIONS_STYLER)); //$NON-NLS-1$
		if (sendsPasswordReadable(server)) {
			text.append("  " + Messages.Navigator_passwordReadable, StyledString.DECORATIONS_STYLER); //$NON-NLS-1$
		}
		lastTest(server).ifPresent(
				r -> text.append("  " + (r.ok() ? Messages.Navigator_testPassed : Messages.Navigator_testFailed), //$NON-NLS-1$
						StyledString.COUNTER_STYLER));
		return text;
	}

	/** host:port, or for a transport type without a host (a pickup directory) its own settings. */
	private static String destination(MailServer server) {
		if (server.host().isEmpty() && !server.transportSettings().isEmpty()) {
			return String.join(", ", server.transportSettings().values()); //$NON-NLS-1$
		}
		return server.address();
	}

	/** A server that signs in without TLS (allowed explicitly, or kept working after the upgrade) is marked. */
	private static boolean sendsPasswordReadable(MailServer server) {
		return server.authenticatesWithoutTls() && server.allowPlaintextAuth()
				&& MailServer.DEFAULT_TRANSPORT_TYPE.equals(server.transportType());
	}

	private Optional<String> status(MailServer server) {
		if (server.isActiveAt(clock.instant())) {
			return Optional.empty();
		}
		if (server.inactiveUntil() != null) {
			return Optional.of(NLS.bind(Messages.Navigator_inactiveUntil, ServerEditModel.UNTIL_FORMAT
					.format(LocalDateTime.ofInstant(server.inactiveUntil(), ZoneId.systemDefault()))));
		}
		return Optional.of(Messages.Navigator_inactive);
	}

	private static Optional<DiagnosticReport> lastTest(MailServer server) {
		return ConnectionTestResults.get().last(server.id());
	}

	@Override
	public Image getImage(Object element) {
		if (element instanceof ServersNode) {
			return image(icon("icons/servers.png")); //$NON-NLS-1$
		}
		if (!(element instanceof ServerNode node)) {
			return null;
		}
		MailServer server = ServerContentProvider.current(node);
		ImageDescriptor base = TransportConfigurators.get().forType(server.transportType())
				.flatMap(TransportConfiguratorDescriptor::icon)
				.orElseGet(() -> icon(MailServer.DEFAULT_TRANSPORT_TYPE.equals(server.transportType())
						? "icons/server.png" : "icons/transport.png")); //$NON-NLS-1$ //$NON-NLS-2$
		ImageDescriptor[] overlays = new ImageDescriptor[5];
		if (!server.isActiveAt(clock.instant())) {
			overlays[IDecoration.TOP_LEFT] = icon(server.inactiveUntil() != null ? "icons/ovr_until.png" //$NON-NLS-1$
					: "icons/ovr_inactive.png"); //$NON-NLS-1$
		}
		if (sendsPasswordReadable(server)) {
			overlays[IDecoration.TOP_RIGHT] = ImageDescriptor.createFromImage(FieldDecorationRegistry.getDefault()
					.getFieldDecoration(FieldDecorationRegistry.DEC_WARNING).getImage());
		}
		lastTest(server).ifPresent(r -> overlays[IDecoration.BOTTOM_RIGHT] = icon(r.ok() ? "icons/ovr_ok.png" //$NON-NLS-1$
				: "icons/ovr_failed.png")); //$NON-NLS-1$
		Image baseImage = image(base);
		return baseImage == null ? null : image(new DecorationOverlayIcon(baseImage, overlays));
	}

	private Image image(ImageDescriptor descriptor) {
		return descriptor == null ? null : resources.create(descriptor);
	}

	private static ImageDescriptor icon(String path) {
		return ResourceLocator.imageDescriptorFromBundle(ServerLabelProvider.class, path).orElse(null);
	}

	@Override
	public String getDescription(Object element) {
		return element instanceof ServerNode node ? node.server().name() + " - " + destination(node.server()) : null; //$NON-NLS-1$
	}

	@Override
	public void restoreState(IMemento memento) {
		// No state.
	}

	@Override
	public void saveState(IMemento memento) {
		// No state.
	}

	@Override
	public void dispose() {
		resources.dispose();
		super.dispose();
	}
}
