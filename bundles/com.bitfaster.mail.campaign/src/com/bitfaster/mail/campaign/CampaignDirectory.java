package com.bitfaster.mail.campaign;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.eclipse.core.runtime.Platform;
import org.osgi.framework.FrameworkUtil;

import com.bitfaster.mail.campaign.internal.LedgerRecord;
import com.bitfaster.mail.core.AtomicFiles;
import com.bitfaster.mail.core.CrossProcessLock;
import com.bitfaster.mail.suppression.RecipientTokens;

/**
 * Which ledger belongs to a campaign key ({@link RecipientTokens#campaignKey(String)}), so a bounce or an unsubscribe
 * whose token names a campaign finds its ledger, and there the recipient by its key. One line per campaign and ledger,
 * {@code campaignKey <TAB> campaignId <TAB> ledger path}, in {@value #FILE_NAME} (this bundle's state location),
 * appended under a cross-process lock when a run starts; the last line of a key wins (a campaign file moved).
 */
public final class CampaignDirectory {

	public static final String FILE_NAME = "campaigns.tsv"; //$NON-NLS-1$

	private final Path file;

	public CampaignDirectory(Path file) {
		this.file = file;
	}

	/** @return the directory of every program on this data folder (the campaign bundle's state location) */
	public static CampaignDirectory ofDefault() {
		return new CampaignDirectory(Platform.getStateLocation(FrameworkUtil.getBundle(CampaignDirectory.class))
				.toPath().resolve(FILE_NAME));
	}

	/** @return the directory's file */
	public Path file() {
		return file;
	}

	/** Notes that campaign {@code campaignId} keeps its ledger at {@code ledger}, unless that is noted already. */
	public void record(String campaignId, Path ledger) throws IOException {
		if (campaignId == null || campaignId.isEmpty()) {
			return; // a ledger without an id cannot be named by a token
		}
		String key = RecipientTokens.campaignKey(campaignId);
		Path path = ledger.toAbsolutePath().normalize();
		try (CrossProcessLock lock = CrossProcessLock.acquire(file.resolveSibling(FILE_NAME + ".lock"))) { //$NON-NLS-1$
			if (path.equals(read().get(key))) {
				return;
			}
			boolean created = !Files.exists(file);
			String line = key + '\t' + clean(campaignId) + '\t' + clean(path.toString()) + '\n';
			try (FileChannel channel = FileChannel.open(file,
					Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND),
					OwnerOnly.attributes())) {
				ByteBuffer buffer = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
				while (buffer.hasRemaining()) {
					channel.write(buffer);
				}
				channel.force(false);
			}
			if (created) {
				AtomicFiles.syncDirectory(file.toAbsolutePath().getParent());
			}
		}
	}

	/** @return the ledger of the campaign whose key is {@code campaignKey} (hex), if a run of it was noted */
	public Optional<Path> ledgerOf(String campaignKey) throws IOException {
		return Optional.ofNullable(read().get(campaignKey));
	}

	/**
	 * @return every ledger noted, each once, the campaigns run most recently (their ledger changed last) first; a
	 *         ledger no longer on disk is left out
	 */
	public List<Path> ledgersNewestFirst() throws IOException {
		Map<Path, Long> modified = new LinkedHashMap<>();
		for (Path ledger : read().values()) {
			try {
				modified.putIfAbsent(ledger, Files.getLastModifiedTime(ledger).toMillis());
			} catch (NoSuchFileException e) {
				// moved or deleted since
			}
		}
		return modified.entrySet().stream().sorted(Map.Entry.<Path, Long>comparingByValue().reversed())
				.map(Map.Entry::getKey).toList();
	}

	private Map<String, Path> read() throws IOException {
		Map<String, Path> byKey = new LinkedHashMap<>();
		try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			String line;
			while ((line = in.readLine()) != null) {
				String[] f = line.split("\t", -1); //$NON-NLS-1$
				if (f.length == 3 && !f[2].isEmpty()) { // a line cut short by a crash is skipped
					byKey.put(f[0], Path.of(f[2]));
				}
			}
		} catch (NoSuchFileException e) {
			// no campaign has run yet
		}
		return byKey;
	}

	private static String clean(String s) {
		return s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
	}

	/**
	 * @return the address in {@code ledger} (and its side journal) whose {@link RecipientTokens#recipientKey(String)}
	 *         is {@code recipientKey}, if any. Reads the ledger each time: for many bounces of one campaign, keep
	 *         {@link #recipientsByKey(Path)} instead.
	 */
	public static Optional<String> findRecipient(Path ledger, String recipientKey) throws IOException {
		return Optional.ofNullable(recipientsByKey(ledger).get(recipientKey));
	}

	/** @return every recipient of {@code ledger} and its side journal, by recipient key */
	public static Map<String, String> recipientsByKey(Path ledger) throws IOException {
		Map<String, String> byKey = new java.util.HashMap<>();
		java.util.Set<String> seen = new java.util.HashSet<>();
		for (Path f : new Path[] { ledger, CampaignJournal.journalFile(ledger) }) {
			if (!Files.exists(f)) {
				continue;
			}
			try (BufferedReader in = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
				String line;
				while ((line = in.readLine()) != null) {
					LedgerRecord r = LedgerRecord.parse(line);
					if (r == null || r.fields().isEmpty()) {
						continue;
					}
					switch (r.type()) {
					case INTENT, OUTCOME, SUPPRESSED, HANDED -> {
						String address = r.field(0);
						if (seen.add(address)) {
							byKey.putIfAbsent(RecipientTokens.recipientKey(address), address);
						}
					}
					default -> {
						// not a recipient's record
					}
					}
				}
			}
		}
		return byKey;
	}
}
