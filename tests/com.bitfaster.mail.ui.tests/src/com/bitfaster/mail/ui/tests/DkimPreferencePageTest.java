package com.bitfaster.mail.ui.tests;

import static com.bitfaster.mail.tests.support.ui.WorkbenchDriver.flush;
import static com.bitfaster.mail.tests.support.ui.WorkbenchDriver.screenshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.preference.PreferenceDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.dnd.Clipboard;
import org.eclipse.swt.dnd.TextTransfer;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.dialogs.PreferencesUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.bitfaster.mail.dkim.DkimKey;
import com.bitfaster.mail.dkim.DkimKeys;
import com.bitfaster.mail.ui.MailServices;
import com.bitfaster.mail.ui.internal.preferences.DkimKeyDialog;
import com.bitfaster.mail.ui.internal.preferences.DkimPreferencePage;
import com.bitfaster.mail.ui.internal.preferences.DkimRecordDialog;

/**
 * Window > Preferences > SMTP Servers > DKIM with the running product's DKIM service: Generate... makes a key, the
 * record dialog shows its TXT record (screenshot) and copies it, the page lists the key.
 */
class DkimPreferencePageTest {

	@AfterEach
	void tearDown() throws Exception {
		DkimKeys keys = MailServices.find(DkimKeys.class).orElseThrow();
		for (DkimKey k : keys.list()) {
			keys.remove(k.domain(), k.selector());
		}
	}

	@Test
	void generateShowsTheRecordToPublish() throws Exception {
		Shell window = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell();
		PreferenceDialog preferences = PreferencesUtil.createPreferenceDialogOn(window, DkimPreferencePage.ID, null, null);
		preferences.setBlockOnOpen(false);
		preferences.open();
		try {
			flush();
			DkimPreferencePage page = assertInstanceOf(DkimPreferencePage.class, preferences.getSelectedPage());
			assertEquals(List.of(), page.shown());

			DkimKeyDialog generate = new DkimKeyDialog(preferences.getShell(), false);
			generate.setBlockOnOpen(false);
			generate.open();
			flush();
			generate.fill("Company.example", "bf2026", DkimKey.Algorithm.RSA_SHA256); //$NON-NLS-1$ //$NON-NLS-2$
			flush();
			screenshot(generate.getShell(), "dkim-generate"); //$NON-NLS-1$
			press(generate.getShell(), IDialogConstants.OK_LABEL, "Generate"); //$NON-NLS-1$
			flush();
			DkimKey key = generate.key();
			assertNotNull(key, "the dialog made a key"); //$NON-NLS-1$
			assertEquals(List.of(key), MailServices.find(DkimKeys.class).orElseThrow().forDomain("company.example")); //$NON-NLS-1$

			DkimRecordDialog record = new DkimRecordDialog(preferences.getShell(), key);
			record.setBlockOnOpen(false);
			record.open();
			try {
				flush();
				assertEquals("bf2026._domainkey.company.example", record.shownName()); //$NON-NLS-1$
				assertEquals(key.txtRecord(), record.shownValue());
				assertTrue(record.shownValue().startsWith("v=DKIM1; k=rsa; p=MIIBIjANBg"), record.shownValue()); //$NON-NLS-1$
				assertTrue(record.shownZoneLine().startsWith("bf2026._domainkey.company.example. IN TXT ( \"v=DKIM1; k=rsa; p="), //$NON-NLS-1$
						record.shownZoneLine());
				Path shot = screenshot(record.getShell(), "dkim-record"); //$NON-NLS-1$
				assertTrue(Files.size(shot) > 0);
				// The Copy button of the value puts exactly the value on the clipboard.
				List<Button> copies = buttons(record.getShell(), "Copy"); //$NON-NLS-1$
				assertEquals(3, copies.size(), "name, value and zone line each have Copy"); //$NON-NLS-1$
				copies.get(1).notifyListeners(SWT.Selection, new org.eclipse.swt.widgets.Event());
				Clipboard clipboard = new Clipboard(record.getShell().getDisplay());
				try {
					assertEquals(key.txtRecord(), clipboard.getContents(TextTransfer.getInstance()));
				} finally {
					clipboard.dispose();
				}
			} finally {
				record.close();
			}
		} finally {
			preferences.close();
		}
		// Opened again, the page lists the key.
		PreferenceDialog again = PreferencesUtil.createPreferenceDialogOn(window, DkimPreferencePage.ID, null, null);
		again.setBlockOnOpen(false);
		again.open();
		try {
			flush();
			DkimPreferencePage page = assertInstanceOf(DkimPreferencePage.class, again.getSelectedPage());
			assertEquals(1, page.shown().size());
			screenshot(again.getShell(), "dkim-preferences"); //$NON-NLS-1$
		} finally {
			again.close();
		}
	}

	/** Presses the button whose label (without mnemonics) is one of {@code labels}. */
	private static void press(Shell shell, String... labels) {
		for (String label : labels) {
			List<Button> found = buttons(shell, label);
			if (!found.isEmpty()) {
				com.bitfaster.mail.tests.support.ui.Widgets.press(found.get(0));
				return;
			}
		}
		throw new AssertionError("no button " + String.join(" or ", labels)); //$NON-NLS-1$ //$NON-NLS-2$
	}

	private static List<Button> buttons(Composite root, String label) {
		List<Button> found = new java.util.ArrayList<>();
		for (Control c : root.getChildren()) {
			if (c instanceof Button b && b.getText().replace("&", "").equals(label)) { //$NON-NLS-1$ //$NON-NLS-2$
				found.add(b);
			} else if (c instanceof Composite composite) {
				found.addAll(buttons(composite, label));
			}
		}
		return found;
	}
}
