package com.bitfaster.mail.campaign;

import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;

import org.eclipse.osgi.util.NLS;

import com.bitfaster.mail.campaign.internal.Messages;

/** Another run of the same campaign holds its lock: this one stops before it sends anything. */
public final class CampaignLockedException extends IOException {

	private static final long serialVersionUID = 1L;

	private final transient CampaignLock.Holder holder;
	private final boolean inThisProcess;
	private final transient Path ledger;

	CampaignLockedException(Path ledger, CampaignLock.Holder holder, boolean inThisProcess) {
		super(describe(holder, inThisProcess));
		this.ledger = ledger;
		this.holder = holder;
		this.inThisProcess = inThisProcess;
	}

	private static String describe(CampaignLock.Holder holder, boolean inThisProcess) {
		String since = holder == null || holder.since() == null ? "?" //$NON-NLS-1$
				: DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM).withZone(ZoneId.systemDefault()).format(holder.since());
		if (inThisProcess) {
			return NLS.bind(Messages.Ledger_lockedHere, since);
		}
		return NLS.bind(Messages.Ledger_locked, new Object[] { holder == null ? "?" : Long.toString(holder.pid()), //$NON-NLS-1$
				holder == null ? "?" : holder.host(), since }); //$NON-NLS-1$
	}

	/** @return who holds the lock, {@code null} when its file does not say */
	public CampaignLock.Holder holder() {
		return holder;
	}

	public boolean inThisProcess() {
		return inThisProcess;
	}

	public Path ledger() {
		return ledger;
	}
}
