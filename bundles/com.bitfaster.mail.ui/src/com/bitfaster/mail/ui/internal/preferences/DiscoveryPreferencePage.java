package com.bitfaster.mail.ui.internal.preferences;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.jface.preference.FieldEditorPreferencePage;
import org.eclipse.jface.preference.StringFieldEditor;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPreferencePage;
import org.eclipse.ui.preferences.ScopedPreferenceStore;

import com.bitfaster.mail.discovery.ServerDiscovery;
import com.bitfaster.mail.ui.internal.Messages;

/**
 * The DNS server New Server from Address asks, stored where the discovery service reads it (the instance scope of
 * {@value ServerDiscovery#PREFERENCE_NODE}); empty for the system's resolver.
 */
public class DiscoveryPreferencePage extends FieldEditorPreferencePage implements IWorkbenchPreferencePage {

	public static final String ID = "com.bitfaster.mail.ui.discoveryPreferencePage"; //$NON-NLS-1$
	private static final Pattern SERVER = Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]+)(?::(\\d{1,5}))?"); //$NON-NLS-1$

	public DiscoveryPreferencePage() {
		super(GRID);
		setDescription(Messages.DiscoveryPreferences_description);
	}

	@Override
	public void init(IWorkbench workbench) {
		setPreferenceStore(new ScopedPreferenceStore(InstanceScope.INSTANCE, ServerDiscovery.PREFERENCE_NODE));
	}

	@Override
	protected void createFieldEditors() {
		StringFieldEditor server = new StringFieldEditor(ServerDiscovery.DNS_SERVER_PREFERENCE,
				Messages.DiscoveryPreferences_dnsServer, getFieldEditorParent()) {
			@Override
			protected boolean doCheckState() {
				return isValidServer(getStringValue());
			}

			@Override
			protected void doFillIntoGrid(org.eclipse.swt.widgets.Composite parent, int numColumns) {
				super.doFillIntoGrid(parent, numColumns);
				// Checked on every change (typing, pasting, a script setting the text), not only on key strokes.
				getTextControl().addModifyListener(e -> valueChanged());
			}
		};
		server.setEmptyStringAllowed(true);
		server.setErrorMessage(Messages.DiscoveryPreferences_invalid);
		addField(server);
	}

	/** @return whether {@code value} is empty or {@code HOST}, {@code HOST:PORT}, {@code [IPv6]:PORT} */
	static boolean isValidServer(String value) {
		String v = value.trim();
		if (v.isEmpty()) {
			return true;
		}
		Matcher m = SERVER.matcher(v);
		if (!m.matches()) {
			return false;
		}
		return m.group(2) == null || (Integer.parseInt(m.group(2)) >= 1 && Integer.parseInt(m.group(2)) <= 65535);
	}
}
