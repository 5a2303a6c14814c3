package com.bitfaster.mail.ui.tests;

import static com.bitfaster.mail.tests.support.ui.WorkbenchDriver.*;
import static com.bitfaster.mail.ui.tests.UiTestSupport.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.eclipse.jface.preference.PreferenceDialog;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.dialogs.PreferencesUtil;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.ServerField;
import com.bitfaster.mail.ui.internal.navigator.ServerNode;
import com.bitfaster.mail.ui.internal.properties.ServerPropertyPage;

/** The property page of a server node: same fields, same validation, saves to the registry. */
class PropertyPageTest {

	@BeforeEach
	void setUp() {
		reset();
	}

	@Test
	void propertyPageValidatesAndSaves() throws Exception {
		MailServer server = addServer("Property Relay", "prop.company.com", 25); //$NON-NLS-1$ //$NON-NLS-2$
		addServer("Other Relay", "other.company.com", 25); //$NON-NLS-1$ //$NON-NLS-2$
		PreferenceDialog dialog = PreferencesUtil.createPropertyDialogOn(
				PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell(), new ServerNode(server),
				ServerPropertyPage.ID, null, null);
		assertNotNull(dialog, "no property page for a server node"); //$NON-NLS-1$
		dialog.setBlockOnOpen(false);
		dialog.open();
		try {
			flush();
			ServerPropertyPage page = (ServerPropertyPage) dialog.getSelectedPage();
			Composite body = (Composite) page.getControl();
			type(body, "NAME", "Other Relay"); //$NON-NLS-1$ //$NON-NLS-2$
			assertFalse(page.isValid());
			assertTrue(page.settings().decoration(ServerField.NAME).isVisible());
			type(body, "NAME", "Property Relay"); //$NON-NLS-1$ //$NON-NLS-2$
			type(body, "PORT", "0"); //$NON-NLS-1$ //$NON-NLS-2$
			assertFalse(page.isValid());
			assertTrue(page.getErrorMessage().contains("65535"), page.getErrorMessage()); //$NON-NLS-1$
			screenshot(dialog.getShell(), "property-page-error"); //$NON-NLS-1$
			assertFalse(page.performOk(), "an invalid port was accepted"); //$NON-NLS-1$
			assertEquals(25, registry().get(server.id()).orElseThrow().port());

			type(body, "PORT", "587"); //$NON-NLS-1$ //$NON-NLS-2$
			type(body, "HOST", "mail.company.com"); //$NON-NLS-1$ //$NON-NLS-2$
			assertTrue(page.isValid(), () -> page.model().problems().toString());
			screenshot(dialog.getShell(), "property-page"); //$NON-NLS-1$
			assertTrue(page.performOk());
			MailServer saved = registry().get(server.id()).orElseThrow();
			assertEquals(587, saved.port());
			assertEquals("mail.company.com", saved.host()); //$NON-NLS-1$
		} finally {
			dialog.close();
		}
	}
}
