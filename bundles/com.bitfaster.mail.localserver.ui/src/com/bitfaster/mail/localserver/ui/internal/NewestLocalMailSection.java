package com.bitfaster.mail.localserver.ui.internal;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Comparator;
import java.util.List;

import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.osgi.util.NLS;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PartInitException;

import com.bitfaster.mail.localserver.LocalMailServer;
import com.bitfaster.mail.localserver.StoredMessage;
import com.bitfaster.mail.ui.MailServices;
import com.bitfaster.mail.ui.StartPageSection;

/** The start page's "Newest local mail": the local server's newest messages; a link shows one in the Local Mail view. */
public class NewestLocalMailSection implements StartPageSection {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.SHORT)
			.withZone(ZoneId.systemDefault());

	@Override
	public List<Entry> entries(int max, IProgressMonitor monitor) {
		return MailServices.find(LocalMailServer.class).map(server -> server.store().list()).orElse(List.of()).stream()
				.sorted(Comparator.comparing(StoredMessage::date).reversed()).limit(max)
				.map(m -> new Entry(m.subject().isBlank() ? Messages.Start_noSubject : m.subject(),
						NLS.bind(Messages.Start_mailDetail, new Object[] { m.from().isBlank() ? m.envelopeFrom() : m.from(),
								m.mailbox(), TIME.format(m.date()) }),
						page -> show(page, m)))
				.toList();
	}

	private static void show(IWorkbenchPage page, StoredMessage message) {
		try {
			((LocalMailView) page.showView(LocalMailView.ID)).reveal(message.id());
		} catch (PartInitException e) {
			ILog.of(NewestLocalMailSection.class).error(e.getMessage(), e);
		}
	}
}
