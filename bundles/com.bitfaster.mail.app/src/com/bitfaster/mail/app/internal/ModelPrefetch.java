package com.bitfaster.mail.app.internal;

import org.eclipse.core.runtime.ILog;

import com.bitfaster.mail.localserver.LocalMailServer;
import com.bitfaster.mail.ui.MailServices;

/**
 * Reads the servers file on a thread of its own while the workbench builds its window. The Servers navigator asks the
 * registry for its servers while the window is made; the registry's first use activates its DS component, which reads
 * {@code servers.json} with Gson (about 170 classes and the file), and the Local Mail view's commands activate the
 * local server's component. Started first, on the second processor, that work is done (or under way, and the UI thread
 * waits only for the rest of it) when the navigator asks, instead of adding to the start on the UI thread.
 * Nothing here is needed for correctness: if it fails, the navigator asks again and reports the problem itself.
 */
final class ModelPrefetch {

	private ModelPrefetch() {
	}

	static void start() {
		Thread thread = new Thread(ModelPrefetch::run, "BitFaster model prefetch"); //$NON-NLS-1$
		thread.setDaemon(true);
		thread.start();
	}

	private static void run() {
		try {
			MailServices.registry().servers();
			MailServices.find(LocalMailServer.class);
		} catch (RuntimeException e) { // the navigator meets the same problem and shows it
			ILog.of(ModelPrefetch.class).info("Servers not read ahead: " + e); //$NON-NLS-1$
		}
	}
}
