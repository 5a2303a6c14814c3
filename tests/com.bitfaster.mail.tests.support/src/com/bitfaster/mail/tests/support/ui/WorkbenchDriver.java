package com.bitfaster.mail.tests.support.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchPart;
import org.eclipse.ui.IWorkbenchPartReference;
import org.eclipse.ui.PlatformUI;

/** Drives the running workbench from a test on the UI thread: its event loop, its active page, screenshots. */
public final class WorkbenchDriver {

	/** How long {@link #waitUntil} waits: long enough for a loaded machine, where a UI test is slowest. */
	public static final long TIMEOUT_MS = 30_000;

	private WorkbenchDriver() {
	}

	public static Display display() {
		return PlatformUI.getWorkbench().getDisplay();
	}

	public static IWorkbenchPage page() {
		return PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
	}

	/** Runs the event loop until {@code condition} holds; fails after {@link #TIMEOUT_MS}. */
	public static void waitUntil(String what, BooleanSupplier condition) {
		waitUntil(() -> what, condition);
	}

	/** @param what says what was awaited and what was seen instead, asked only on a timeout */
	public static void waitUntil(Supplier<String> what, BooleanSupplier condition) {
		Display display = display();
		long end = System.currentTimeMillis() + TIMEOUT_MS;
		while (!condition.getAsBoolean()) {
			if (System.currentTimeMillis() > end) {
				throw new AssertionError("Timed out waiting for: " + what.get()); //$NON-NLS-1$
			}
			dispatchOrSleep(display);
		}
	}

	/** Processes pending events without waiting. */
	public static void flush() {
		Display display = display();
		while (display.readAndDispatch()) {
			// drain
		}
	}

	private static void dispatchOrSleep(Display display) {
		if (!display.readAndDispatch()) {
			display.timerExec(20, () -> { /* wakes sleep() */ });
			display.sleep();
		}
	}

	/** @return the folder screenshots go to (the system property {@code bitfaster.screenshots}), created */
	public static Path screenshotDir() throws IOException {
		Path dir = Path.of(System.getProperty("bitfaster.screenshots", "target/screenshots")).toAbsolutePath(); //$NON-NLS-1$ //$NON-NLS-2$
		return Files.createDirectories(dir);
	}

	/** @return the test bundle's target folder (the screenshots' parent), for files the tests write */
	public static Path targetDir() throws IOException {
		return screenshotDir().getParent();
	}

	/** Writes a PNG of the workbench window, with {@code part} maximized, into the screenshot folder. */
	public static Path screenshot(IWorkbenchPart part, String name) throws Exception {
		IWorkbenchPage page = part.getSite().getPage();
		IWorkbenchPartReference ref = page.getReference(part);
		page.activate(part);
		page.setPartState(ref, IWorkbenchPage.STATE_MAXIMIZED);
		try {
			return screenshot(part.getSite().getShell(), name);
		} finally {
			page.setPartState(ref, IWorkbenchPage.STATE_RESTORED);
			flush();
		}
	}

	/** Writes a PNG of the shell as drawn on screen into the screenshot folder. */
	public static Path screenshot(Shell shell, String name) throws Exception {
		flush();
		// Let GTK paint what changed: its frame clock draws after the events that caused the changes.
		Display display = shell.getDisplay();
		long settle = System.currentTimeMillis() + 400;
		while (System.currentTimeMillis() < settle) {
			dispatchOrSleep(display);
		}
		Rectangle area = shell.getClientArea();
		shell.redraw(area.x, area.y, area.width, area.height, true);
		shell.update();
		flush();
		Rectangle bounds = shell.getBounds();
		Image image = new Image(display, bounds.width, bounds.height);
		GC gc = new GC(display);
		try {
			gc.copyArea(image, bounds.x, bounds.y);
		} finally {
			gc.dispose();
		}
		Path file = screenshotDir().resolve(name + ".png"); //$NON-NLS-1$
		try {
			ImageLoader loader = new ImageLoader();
			loader.data = new ImageData[] { image.getImageData() };
			loader.save(file.toString(), SWT.IMAGE_PNG);
		} finally {
			image.dispose();
		}
		return file;
	}
}
