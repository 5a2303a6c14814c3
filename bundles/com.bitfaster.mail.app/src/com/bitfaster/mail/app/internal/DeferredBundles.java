package com.bitfaster.mail.app.internal;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.eclipse.swt.widgets.Display;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.startlevel.FrameworkStartLevel;

/**
 * The bundles the window does not need (p2, help, Jetty, the SMTP bundle with Angus Mail) have start level
 * {@value #LEVEL} in the product (bitfaster.product), above the level the framework launches at (6), and the
 * service-loader helpers they need start at 7: all start when the workbench raises the framework's start level to
 * {@value #LEVEL} after its window is shown. Without the product's configuration (tests
 * run the bundles at the default levels) this changes nothing.
 */
final class DeferredBundles {

	/** The start level of the bundles the window does not need; the command line launches at it. */
	static final int LEVEL = 8;

	private DeferredBundles() {
	}

	/** Raises the start level on the framework's start-level thread; {@code then} runs there once they are started. */
	static void start(Runnable then) {
		FrameworkStartLevel startLevel = system().adapt(FrameworkStartLevel.class);
		if (startLevel.getStartLevel() >= LEVEL) {
			then.run();
			return;
		}
		startLevel.setStartLevel(LEVEL, event -> {
			if (event.getType() == FrameworkEvent.STARTLEVEL_CHANGED || event.getType() == FrameworkEvent.ERROR) {
				then.run();
			}
		});
	}

	/**
	 * For a command that needs them (Install New Software) run in the moment between the window and their start: waits
	 * on the UI thread (when called there), handling its events (an activator may need the UI thread), for at most {@code seconds}.
	 */
	static void awaitStarted(Display display, long seconds) {
		CountDownLatch started = new CountDownLatch(1);
		start(() -> {
			started.countDown();
			if (display != null && !display.isDisposed()) {
				display.wake();
			}
		});
		if (display == null) { // not the UI thread: nothing to keep going
			try {
				started.await(seconds, TimeUnit.SECONDS);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
			return;
		}
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
		while (started.getCount() > 0 && System.nanoTime() < deadline && !display.isDisposed()) {
			if (!display.readAndDispatch()) {
				display.sleep();
			}
		}
	}

	private static Bundle system() {
		return FrameworkUtil.getBundle(DeferredBundles.class).getBundleContext().getBundle(0);
	}
}
