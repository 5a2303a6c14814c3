package com.bitfaster.mail.bounces.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Platform;
import org.eclipse.core.runtime.Status;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.bitfaster.mail.bounces.BounceKind;
import com.bitfaster.mail.bounces.BounceMailbox;
import com.bitfaster.mail.bounces.BounceOutcome;
import com.bitfaster.mail.bounces.BounceParser;
import com.bitfaster.mail.bounces.BounceService;
import com.bitfaster.mail.bounces.FetchSummary;
import com.bitfaster.mail.bounces.ParsedBounce;
import com.bitfaster.mail.campaign.CampaignDirectory;
import com.bitfaster.mail.campaign.CampaignJournal;
import com.bitfaster.mail.core.CrossProcessLock;
import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.SecureSecrets;
import com.bitfaster.mail.oauth.OAuthAccounts;
import com.bitfaster.mail.oauth.OAuthException;
import com.bitfaster.mail.oauth.OAuthService;
import com.bitfaster.mail.oauth.OAuthSettings;
import com.bitfaster.mail.suppression.RecipientTokens;
import com.bitfaster.mail.suppression.RecipientTokens.Purpose;
import com.bitfaster.mail.suppression.RecipientTokens.TokenSubject;
import com.bitfaster.mail.suppression.SuppressionEntry;
import com.bitfaster.mail.suppression.SuppressionEntry.Reason;
import com.bitfaster.mail.suppression.SuppressionList;

import jakarta.mail.MessagingException;

/**
 * The {@link BounceService}: settings in this bundle's state location, the password in secure storage under
 * {@value #SECURE_NODE}, one reader at a time through a cross-process lock on {@value #LOCK_FILE}.
 */
@Component(service = BounceService.class)
public class BounceServiceImpl implements BounceService {

	static final String SECURE_NODE = "com.bitfaster.mail/bounces"; //$NON-NLS-1$
	static final String MAILBOX_ID = "mailbox"; //$NON-NLS-1$
	static final String PASSWORD = "password"; //$NON-NLS-1$
	static final String LOCK_FILE = "bounce-reader.lock"; //$NON-NLS-1$
	/** The id of the mailbox's OAuth2 tokens in {@link #SECURE_NODE}, and of their refresh lock. */
	static final String OAUTH_ACCOUNT_ID = "bounce-mailbox"; //$NON-NLS-1$

	@Reference
	private RecipientTokens tokens;
	@Reference
	private SuppressionList suppression;
	private CampaignDirectory campaigns;
	/** Recipients by key of the ledgers bounces named, with the ledger's size and time when read. */
	private final Map<Path, Recipients> recipients = new java.util.concurrent.ConcurrentHashMap<>();

	private record Recipients(long size, long modified, Map<String, String> byKey) {
	}

	private Path folder;
	private SecureSecrets secrets;
	private OAuthService oauth;
	private MailboxSettingsStore settings;

	/** For Declarative Services. */
	public BounceServiceImpl() {
	}

	/** Outside Declarative Services (tests, the benchmark). */
	public BounceServiceImpl(Path folder, SecureSecrets secrets, RecipientTokens tokens, SuppressionList suppression,
			CampaignDirectory campaigns) {
		this.tokens = tokens;
		this.suppression = suppression;
		this.campaigns = campaigns;
		init(folder, secrets);
	}

	@Activate
	void activate() {
		campaigns = CampaignDirectory.ofDefault();
		init(Platform.getStateLocation(FrameworkUtil.getBundle(getClass())).toPath(), SecureSecrets.ofDefault(SECURE_NODE));
	}

	private void init(Path stateFolder, SecureSecrets secureSecrets) {
		this.folder = stateFolder;
		this.secrets = secureSecrets;
		this.oauth = OAuthAccounts.inSecureStorage(secureSecrets);
		this.settings = new MailboxSettingsStore(stateFolder);
	}

	/** @return this service's folder (settings, handled message keys, the reader's lock) */
	public Path folder() {
		return folder;
	}

	@Override
	public BounceMailbox mailbox() throws CoreException {
		return settings.read();
	}

	@Override
	public void setMailbox(BounceMailbox mailbox, char[] password) throws CoreException {
		Optional<String> problem = mailbox.problem();
		if (problem.isPresent()) {
			throw new CoreException(Status.error(problem.get()));
		}
		if (password != null) {
			secrets.put(MAILBOX_ID, Map.of(PASSWORD, password));
		}
		BounceMailbox before;
		try {
			before = settings.read();
		} catch (CoreException damaged) {
			before = BounceMailbox.NONE; // replaced now, as its message says (the damaged copy is kept aside)
		}
		if (!before.oauth().equals(mailbox.oauth()) || !before.user().equals(mailbox.user()) || !mailbox.oauth2()) {
			// Tokens of another application, provider or account are no use to this one.
			secrets.remove(OAUTH_ACCOUNT_ID);
		}
		settings.write(mailbox);
	}

	@Override
	public boolean hasPassword() throws CoreException {
		Optional<char[]> p = secrets.get(MAILBOX_ID, PASSWORD);
		p.ifPresent(c -> Arrays.fill(c, '\0'));
		return p.isPresent();
	}

	@Override
	public OAuthService oauth() {
		return oauth;
	}

	@Override
	public MailServer oauthAccount(BounceMailbox mailbox) {
		MailServer.Builder b = MailServer.builder().id(OAUTH_ACCOUNT_ID).name("Bounce mailbox " + mailbox.label()) //$NON-NLS-1$
				.host(mailbox.host()).port(mailbox.port()).username(mailbox.user()).authMethod(MailServer.AUTH_OAUTH2)
				.authSettings(mailbox.oauth());
		if (OAuthSettings.MICROSOFT.equals(mailbox.oauth().get(OAuthSettings.PROVIDER))
				&& !mailbox.oauth().containsKey(OAuthSettings.SCOPE)) {
			b.authSetting(OAuthSettings.SCOPE, BounceMailbox.MICROSOFT_SCOPE);
		}
		return b.build();
	}

	/** @return the password, or with OAuth2 an access token valid for a while yet (refreshed first when needed) */
	private char[] credential(BounceMailbox mailbox, char[] password) throws CoreException {
		if (mailbox.oauth2()) {
			try {
				return oauth.accessToken(oauthAccount(mailbox));
			} catch (OAuthException e) {
				// The oauth bundle's own words name servers login; the mailbox signs in with bounces login.
				String why = e.reason() == OAuthException.Reason.SIGN_IN_AGAIN
						? "nobody is signed in, or the sign-in expired or was revoked: sign in with bitfaster-cli bounces login (or Preferences > Bounces > Sign In)" //$NON-NLS-1$
						: e.getMessage();
				throw new CoreException(Status.error("Cannot read the bounce mailbox " + mailbox.label() + ": " + why, e)); //$NON-NLS-1$ //$NON-NLS-2$
			}
		}
		return password != null ? password.clone() : storedPassword();
	}

	@Override
	public void testMailbox(BounceMailbox mailbox, char[] password) throws CoreException {
		Optional<String> problem = mailbox.problem();
		if (problem.isPresent()) {
			throw new CoreException(Status.error(problem.get()));
		}
		char[] secret = credential(mailbox, password);
		try {
			new MailboxReader(mailbox, secret).test();
		} catch (MessagingException | GeneralSecurityException e) {
			throw failed(mailbox, e);
		} finally {
			Arrays.fill(secret, '\0');
		}
	}

	private char[] storedPassword() throws CoreException {
		return secrets.get(MAILBOX_ID, PASSWORD).orElseThrow(() -> new CoreException(
				Status.error("No password is stored for the bounce mailbox; set it with the mailbox settings."))); //$NON-NLS-1$
	}

	@Override
	public FetchSummary fetch(IProgressMonitor monitor) throws CoreException {
		BounceMailbox mailbox = settings.read();
		if (!mailbox.configured()) {
			throw new CoreException(Status.error("No bounce mailbox is set up (bitfaster-cli bounces settings, or Preferences > Bounces).")); //$NON-NLS-1$
		}
		// A missing password fails at once; a token is asked for once this reader's turn came, so it is fresh.
		char[][] password = { mailbox.oauth2() ? new char[0] : credential(mailbox, null) };
		try (CrossProcessLock lock = CrossProcessLock.acquire(folder.resolve(LOCK_FILE))) {
			if (mailbox.oauth2()) {
				password[0] = credential(mailbox, null);
			}
			SeenKeys seen = SeenKeys.load(folder.resolve("handled-" + Integer.toHexString(mailbox.label().hashCode()) + ".txt")); //$NON-NLS-1$ //$NON-NLS-2$
			FetchSummary[] summary = { FetchSummary.EMPTY };
			new MailboxReader(mailbox, password[0]).read(seen, batch -> {
				// The whole batch is recorded (journals synced) before the reader moves or remembers any of it.
				List<String> handled = new ArrayList<>();
				List<ParsedBounce> parsed = new ArrayList<>();
				List<String> messageKeys = new ArrayList<>();
				for (MailboxReader.RawMessage m : batch) {
					ParsedBounce p;
					try {
						p = BounceParser.parse(m.bytes());
					} catch (MessagingException e) {
						p = new ParsedBounce(BounceKind.UNRECOGNISED, Optional.empty(), List.of(), ""); //$NON-NLS-1$
					}
					parsed.add(p);
					// The Message-ID names the bounce in any mailbox; without one, the reader's key (UIDL, UID).
					messageKeys.add(p.messageId().isEmpty() ? m.key() : "id:" + p.messageId()); //$NON-NLS-1$
					handled.add(m.key());
				}
				try {
					for (BounceOutcome outcome : processAll(parsed, messageKeys)) {
						summary[0] = summary[0].plus(outcome);
					}
				} catch (CoreException e) {
					throw new IOException(e.getMessage(), e);
				}
				return handled;
			}, monitor);
			return summary[0];
		} catch (MessagingException | GeneralSecurityException e) {
			throw failed(mailbox, e);
		} catch (IOException e) {
			throw new CoreException(Status.error("Reading the bounce mailbox " + mailbox.label() + " failed: " + e.getMessage(), e)); //$NON-NLS-1$ //$NON-NLS-2$
		} finally {
			Arrays.fill(password[0], '\0');
		}
	}

	private static CoreException failed(BounceMailbox mailbox, Exception e) {
		Throwable cause = e;
		while (!(cause instanceof MailboxReader.CertificateProblem) && cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		// A refused certificate is said in the reader's words; otherwise the root cause says most.
		String why = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
		if (e instanceof jakarta.mail.AuthenticationFailedException) {
			why = mailbox.oauth2() ? "the server refused the OAuth2 token of \"" + mailbox.user() //$NON-NLS-1$
					+ "\" (expired, revoked or for another account: sign in again with bitfaster-cli bounces login, or Preferences > Bounces > Sign in)" //$NON-NLS-1$
					: "the server refused the user name or password"; //$NON-NLS-1$
		}
		return new CoreException(Status.error("Cannot read the bounce mailbox " + mailbox.label() + ": " + why, e)); //$NON-NLS-1$ //$NON-NLS-2$
	}

	@Override
	public BounceOutcome process(ParsedBounce bounce) throws CoreException {
		return processAll(List.of(bounce)).get(0);
	}

	/** A bounce whose token named a campaign's recipient: what is recorded for it. */
	private record Attributed(Path ledger, String recipient, BounceKind kind, ParsedBounce.Failure failure) {
	}

	@Override
	public List<BounceOutcome> processAll(List<ParsedBounce> bounces) throws CoreException {
		List<String> keys = new ArrayList<>(bounces.size());
		for (ParsedBounce b : bounces) {
			keys.add(b.messageId().isEmpty() ? "" : "id:" + b.messageId()); //$NON-NLS-1$ //$NON-NLS-2$
		}
		return processAll(bounces, keys);
	}

	/** @param messageKeys what identifies each message for {@link CampaignJournal#recordBounces}; empty: nothing */
	private List<BounceOutcome> processAll(List<ParsedBounce> bounces, List<String> messageKeys) throws CoreException {
		BounceOutcome[] outcomes = new BounceOutcome[bounces.size()];
		Map<Path, List<CampaignJournal.Bounce>> journals = new LinkedHashMap<>();
		Map<Path, List<Integer>> journalIndexes = new LinkedHashMap<>();
		Attributed[] attributed = new Attributed[bounces.size()];
		Map<String, Optional<Path>> ledgers = new HashMap<>();
		Map<Path, Map<String, String>> byKey = new HashMap<>();
		try {
			for (int i = 0; i < bounces.size(); i++) {
				ParsedBounce bounce = bounces.get(i);
				Optional<Attributed> a = attribute(bounce, ledgers, byKey);
				if (a.isEmpty()) {
					outcomes[i] = switch (bounce.kind()) {
					case AUTO_REPLY -> BounceOutcome.AUTO_REPLY;
					case UNRECOGNISED -> BounceOutcome.UNRECOGNISED;
					default -> BounceOutcome.REFUSED;
					};
					continue;
				}
				Attributed b = a.get();
				attributed[i] = b;
				journals.computeIfAbsent(b.ledger(), l -> new ArrayList<>()).add(new CampaignJournal.Bounce(b.recipient(),
						b.kind().journalName(), b.failure().status(), oneLine(b.failure().diagnostic()), messageKeys.get(i)));
				journalIndexes.computeIfAbsent(b.ledger(), l -> new ArrayList<>()).add(i);
			}
		} catch (IOException e) {
			throw new CoreException(Status.error("Cannot read the campaigns' ledgers: " + e.getMessage(), e)); //$NON-NLS-1$
		}
		// The journals first, one synced append per campaign: the suppression list is derived from them and may be
		// re-applied. A bounce already in its journal (read again after a stop before the reader remembered it) is
		// applied again with the time it was first recorded, so the suppression list counts it once.
		CampaignJournal.Recorded[] recorded = new CampaignJournal.Recorded[bounces.size()];
		for (Map.Entry<Path, List<CampaignJournal.Bounce>> j : journals.entrySet()) {
			try {
				List<CampaignJournal.Recorded> r = CampaignJournal.recordBounces(j.getKey(), j.getValue());
				List<Integer> indexes = journalIndexes.get(j.getKey());
				for (int k = 0; k < r.size(); k++) {
					recorded[indexes.get(k)] = r.get(k);
				}
			} catch (IOException e) {
				throw new CoreException(Status.error("Cannot record the bounces in " + j.getKey() + ": " + e.getMessage(), e)); //$NON-NLS-1$ //$NON-NLS-2$
			}
		}
		List<SuppressionEntry> suppress = new ArrayList<>();
		List<SuppressionList.SoftBounce> soft = new ArrayList<>();
		for (int i = 0; i < bounces.size(); i++) {
			Attributed b = attributed[i];
			if (b == null) {
				continue;
			}
			String source = "bounce, campaign " + b.ledger().getFileName(); //$NON-NLS-1$
			switch (b.kind()) {
			case HARD -> suppress.add(new SuppressionEntry(b.recipient(), Reason.HARD_BOUNCE, null, source));
			case COMPLAINT -> suppress.add(new SuppressionEntry(b.recipient(), Reason.COMPLAINT, null, source));
			case UNSUBSCRIBE -> suppress.add(new SuppressionEntry(b.recipient(), Reason.UNSUBSCRIBE, null, source));
			case SOFT -> soft.add(new SuppressionList.SoftBounce(b.recipient(), softBounceTime(recorded[i]), source));
			default -> throw new IllegalStateException(b.kind().name());
			}
			outcomes[i] = !recorded[i].added() ? BounceOutcome.ALREADY_RECORDED : switch (b.kind()) {
			case HARD -> BounceOutcome.HARD;
			case SOFT -> BounceOutcome.SOFT;
			case COMPLAINT -> BounceOutcome.COMPLAINT;
			default -> BounceOutcome.UNSUBSCRIBE;
			};
		}
		suppression.addAll(suppress);
		if (!soft.isEmpty()) {
			suppression.recordSoftBounces(soft);
		}
		return List.of(outcomes);
	}

	/**
	 * @return the soft bounce's time for the suppression list's count: when its journal record was written, made
	 *         distinct by the record's number, so the same record always gives the same time (counted once) and two
	 *         records of one batch two times
	 */
	private static Instant softBounceTime(CampaignJournal.Recorded r) {
		return Instant.ofEpochMilli(r.millis()).plusNanos(r.seq() % 1_000_000);
	}

	/**
	 * @param ledgers the ledger of each campaign key, filled as a batch needs them
	 * @param byKey   the recipients of each ledger by recipient key, filled as a batch needs them
	 * @return the campaign's recipient this bounce is about, empty when it is no bounce or its token is refused
	 */
	private Optional<Attributed> attribute(ParsedBounce bounce, Map<String, Optional<Path>> ledgers,
			Map<Path, Map<String, String>> byKey) throws IOException, CoreException {
		BounceKind kind = bounce.kind();
		if (kind == BounceKind.AUTO_REPLY || kind == BounceKind.UNRECOGNISED || bounce.token().isEmpty()) {
			return Optional.empty();
		}
		Purpose purpose = kind == BounceKind.UNSUBSCRIBE ? Purpose.UNSUBSCRIBE : Purpose.BOUNCE;
		Optional<TokenSubject> subject = tokens.verify(purpose, bounce.token().get());
		if (subject.isEmpty()) {
			return Optional.empty();
		}
		String campaignKey = subject.get().campaignKey();
		Optional<Path> ledger = ledgers.get(campaignKey);
		if (ledger == null) {
			ledger = campaigns.ledgerOf(campaignKey);
			ledgers.put(campaignKey, ledger);
		}
		if (ledger.isEmpty()) {
			return Optional.empty();
		}
		Map<String, String> recipientsOfLedger = byKey.get(ledger.get());
		if (recipientsOfLedger == null) {
			recipientsOfLedger = recipients(ledger.get());
			byKey.put(ledger.get(), recipientsOfLedger);
		}
		String recipient = recipientsOfLedger.get(subject.get().recipientKey());
		if (recipient == null) {
			return Optional.empty();
		}
		ParsedBounce.Failure failure = bounce.failures().stream()
				.filter(f -> f.recipient().equalsIgnoreCase(recipient)).findFirst().orElse(bounce.firstFailure());
		return Optional.of(new Attributed(ledger.get(), recipient, kind, failure));
	}

	/** Reads a ledger's recipients once for many bounces, again when the ledger changed (a run went on). */
	private Map<String, String> recipients(Path ledger) throws IOException {
		long size = java.nio.file.Files.exists(ledger) ? java.nio.file.Files.size(ledger) : -1;
		long modified = size < 0 ? -1 : java.nio.file.Files.getLastModifiedTime(ledger).toMillis();
		Recipients known = recipients.get(ledger);
		if (known == null || known.size() != size || known.modified() != modified) {
			known = new Recipients(size, modified, CampaignDirectory.recipientsByKey(ledger));
			recipients.put(ledger, known);
		}
		return known.byKey();
	}

	private static String oneLine(String text) {
		String t = text == null ? "" : text.replaceAll("[\\r\\n\\t]+", " ").strip(); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		return t.length() > 500 ? t.substring(0, 500) : t;
	}
}
