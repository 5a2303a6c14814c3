package com.bitfaster.mail.core.internal;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;

import org.eclipse.core.runtime.ILog;

/** Calls back when one file is created, replaced (an atomic rename) or changed, on a daemon thread of its own. */
final class ServerFileWatcher implements AutoCloseable {

	private final WatchService service;

	ServerFileWatcher(Path file, Runnable onChange) {
		WatchService ws = null;
		try {
			Path dir = file.toAbsolutePath().getParent();
			Files.createDirectories(dir);
			ws = FileSystems.getDefault().newWatchService();
			dir.register(ws, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
					StandardWatchEventKinds.ENTRY_DELETE);
		} catch (IOException e) {
			ILog.of(getClass()).warn("Changes other programs make to " + file + " are seen only on the next read: " + e.getMessage()); //$NON-NLS-1$ //$NON-NLS-2$
		}
		service = ws;
		if (service != null) {
			Thread t = new Thread(() -> watch(file.getFileName(), onChange), "Server file watcher"); //$NON-NLS-1$
			t.setDaemon(true);
			t.start();
		}
	}

	private void watch(Path name, Runnable onChange) {
		try {
			while (true) {
				WatchKey key = service.take();
				boolean ours = false;
				for (WatchEvent<?> event : key.pollEvents()) {
					ours |= event.kind() == StandardWatchEventKinds.OVERFLOW || name.equals(event.context());
				}
				if (ours) {
					try {
						onChange.run();
					} catch (RuntimeException e) {
						ILog.of(getClass()).error("Reading the changed server file failed", e); //$NON-NLS-1$
					}
				}
				if (!key.reset()) {
					return;
				}
			}
		} catch (InterruptedException | ClosedWatchServiceException e) {
			// closed
		}
	}

	@Override
	public void close() {
		if (service != null) {
			try {
				service.close();
			} catch (IOException e) {
				// nothing left to release
			}
		}
	}
}
