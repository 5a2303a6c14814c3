package com.bitfaster.mail.ui.tests;

import static com.bitfaster.mail.tests.support.ui.WorkbenchDriver.*;
import static com.bitfaster.mail.ui.tests.UiTestSupport.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.eclipse.jface.preference.PreferenceDialog;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.dialogs.PreferencesUtil;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.bitfaster.mail.ui.internal.preferences.MailPreferencePage;
import com.bitfaster.mail.ui.internal.preferences.UiPreferences;

/** The preference page stores the defaults for new servers and the notification address in the instance scope. */
class PreferencePageTest {

	@BeforeEach
	void setUp() {
		reset();
	}

	@Test
	void preferencePageStoresDefaults() throws Exception {
		PreferenceDialog dialog = PreferencesUtil.createPreferenceDialogOn(
				PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell(), "com.bitfaster.mail.ui.preferencePage", //$NON-NLS-1$
				null, null);
		dialog.setBlockOnOpen(false);
		dialog.open();
		try {
			flush();
			MailPreferencePage page = assertInstanceOf(MailPreferencePage.class, dialog.getSelectedPage());
			Composite body = (Composite) page.getControl();
			Combo encryption = first(body, Combo.class);
			assertTrue(encryption.getItemCount() >= 3, "encryption providers offered"); //$NON-NLS-1$
			Text timeout = first(body, Text.class);
			timeout.setText("90"); //$NON-NLS-1$
			java.util.List<Text> texts = all(body, Text.class);
			Text address = texts.get(texts.size() - 1);
			address.setText("it@company.com"); //$NON-NLS-1$
			flush();
			screenshot(dialog.getShell(), "preferences"); //$NON-NLS-1$
			assertTrue(page.performOk());
			assertEquals(90, UiPreferences.store().getInt(UiPreferences.DEFAULT_TIMEOUT));
			assertEquals("it@company.com", UiPreferences.store().getString(UiPreferences.NOTIFICATION_ADDRESS)); //$NON-NLS-1$
		} finally {
			dialog.close();
			UiPreferences.store().setToDefault(UiPreferences.DEFAULT_TIMEOUT);
			UiPreferences.store().setToDefault(UiPreferences.NOTIFICATION_ADDRESS);
		}
	}

	private static <T extends Control> T first(Composite root, Class<T> type) {
		return all(root, type).get(0);
	}

	private static <T extends Control> java.util.List<T> all(Composite root, Class<T> type) {
		java.util.List<T> found = new java.util.ArrayList<>();
		for (Control child : root.getChildren()) {
			if (type.isInstance(child)) {
				found.add(type.cast(child));
			} else if (child instanceof Composite composite) {
				found.addAll(all(composite, type));
			}
		}
		return found;
	}
}
