package com.bitfaster.mail.ui;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.swt.widgets.Display;

/**
 * The moment the workbench has shown its window and finished its start: work that must not delay the window (the local
 * server, Angus Mail, secure storage) waits for it. The application says when, once; releng/test-product.sh checks that
 * nothing such work loads comes before that moment in the JVM's class log, so a timer or a poll would not do.
 */
public final class WorkbenchStarted {

	private static final List<Runnable> WAITING = new ArrayList<>();
	private static boolean started;

	private WorkbenchStarted() {
	}

	/** Called by the application on the UI thread once its window is up; runs what waited for it, in order. */
	public static void markStarted() {
		List<Runnable> due;
		synchronized (WAITING) {
			if (started) {
				return;
			}
			started = true;
			due = List.copyOf(WAITING);
			WAITING.clear();
		}
		due.forEach(Runnable::run);
	}

	/** @return whether the application has said its start is done */
	public static boolean isStarted() {
		synchronized (WAITING) {
			return started;
		}
	}

	/**
	 * Runs {@code work} on the UI thread once the workbench has started: from the event loop soon when it already has,
	 * else when the application says so.
	 */
	public static void whenStarted(Display display, Runnable work) {
		synchronized (WAITING) {
			if (!started) {
				WAITING.add(work);
				return;
			}
		}
		if (!display.isDisposed()) {
			display.asyncExec(work);
		}
	}
}
