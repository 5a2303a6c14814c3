package com.bitfaster.mail.ui.internal.navigator;

import org.eclipse.jface.viewers.AbstractTreeViewer;
import org.eclipse.jface.viewers.ITreeContentProvider;
import org.eclipse.jface.viewers.StructuredViewer;
import org.eclipse.jface.viewers.Viewer;

import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.ServerRegistry;
import com.bitfaster.mail.core.ServerRegistryListener;
import com.bitfaster.mail.ui.MailServices;
import com.bitfaster.mail.ui.internal.diagnostics.ConnectionTestResults;

/** The "SMTP Servers" node and the servers of the registry below it, refreshed whenever the registry changes. */
public class ServerContentProvider implements ITreeContentProvider {

	private StructuredViewer viewer;
	private ServerRegistry registry;
	private final ServerRegistryListener registryListener = (kind, server) -> refreshLater();
	private final Runnable resultsListener = this::refreshLater;

	@Override
	public void inputChanged(Viewer newViewer, Object oldInput, Object newInput) {
		this.viewer = (StructuredViewer) newViewer;
		if (registry == null && newInput != null) {
			registry = MailServices.registry();
			registry.addListener(registryListener);
			ConnectionTestResults.get().addListener(resultsListener);
		}
	}

	private void refreshLater() {
		StructuredViewer v = viewer;
		if (v == null || v.getControl() == null || v.getControl().isDisposed()) {
			return;
		}
		// Registry listeners run on the thread that made the change.
		v.getControl().getDisplay().asyncExec(() -> {
			if (!v.getControl().isDisposed()) {
				v.refresh(true);
				// A node without children cannot stay expanded: show the servers once there are some again.
				if (v instanceof AbstractTreeViewer tree) {
					tree.expandToLevel(ServersNode.INSTANCE, 1);
				}
			}
		});
	}

	@Override
	public Object[] getElements(Object input) {
		return getChildren(input);
	}

	@Override
	public Object[] getChildren(Object parent) {
		if (parent instanceof ServersRoot) {
			return new Object[] { ServersNode.INSTANCE };
		}
		if (parent instanceof ServersNode && registry != null) {
			return registry.servers().stream().map(ServerNode::new).toArray();
		}
		return new Object[0];
	}

	@Override
	public Object getParent(Object element) {
		if (element instanceof ServerNode) {
			return ServersNode.INSTANCE;
		}
		if (element instanceof ServersNode) {
			return ServersRoot.INSTANCE;
		}
		return null;
	}

	@Override
	public boolean hasChildren(Object element) {
		return element instanceof ServersRoot || element instanceof ServersNode;
	}

	/**
	 * @return the server's current settings: a viewer keeps the node it first saw for an element that stays equal, so
	 *         labels must not trust the node's copy
	 */
	public static MailServer current(ServerNode node) {
		return MailServices.registry().get(node.server().id()).orElse(node.server());
	}

	@Override
	public void dispose() {
		if (registry != null) {
			registry.removeListener(registryListener);
		}
		ConnectionTestResults.get().removeListener(resultsListener);
	}
}
