package com.bitfaster.mail.ui.internal.compose;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.eclipse.core.databinding.observable.Realm;
import org.eclipse.core.databinding.observable.value.WritableValue;
import org.eclipse.core.runtime.ListenerList;

import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.MessageHeaders;
import com.bitfaster.mail.core.ServerRegistry;
import com.bitfaster.mail.ui.internal.Messages;

/**
 * One mail while the user writes it, as observable values the editor's widgets bind to. Every change is validated at
 * once: a line break in a header field, an address that is not valid or a missing recipient is a problem of that field
 * and sending is refused while there is one.
 */
public final class ComposeModel {

	/** The fields of a mail, for problems and for the widgets that edit them. */
	public enum Field {
		SERVER, FROM, TO, CC, BCC, SUBJECT, TEXT, HTML, ATTACHMENTS
	}

	/** What the mail is doing. */
	public enum State {
		EDITING, SENDING, SENT
	}

	public final WritableValue<String> serverId;
	public final WritableValue<String> from;
	public final WritableValue<String> to;
	public final WritableValue<String> cc;
	public final WritableValue<String> bcc;
	public final WritableValue<String> subject;
	public final WritableValue<String> text;
	public final WritableValue<String> html;

	private final ServerRegistry registry;
	/** The active servers, read again when the registry reports a change ({@link #serversChanged()}), not per keystroke. */
	private List<MailServer> active;
	private final List<Path> attachments = new ArrayList<>();
	private final ListenerList<Runnable> listeners = new ListenerList<>();
	private final Map<Field, String> problems = new EnumMap<>(Field.class);
	private final List<String> warnings = new ArrayList<>();
	private State state = State.EDITING;
	/** The From the editor filled in from the server, replaced when the server changes and the user kept it. */
	private String suggestedFrom = ""; //$NON-NLS-1$

	public ComposeModel(Realm realm, ServerRegistry registry, String preferredServerId) {
		this.registry = registry;
		active = registry.activeServers();
		serverId = value(realm);
		from = value(realm);
		to = value(realm);
		cc = value(realm);
		bcc = value(realm);
		subject = value(realm);
		text = value(realm);
		html = value(realm);
		for (WritableValue<String> v : List.of(serverId, from, to, cc, bcc, subject, text, html)) {
			v.addValueChangeListener(e -> changed());
		}
		serverId.addValueChangeListener(e -> suggestFrom());
		serverId.setValue(defaultServer(preferredServerId).map(MailServer::id).orElse("")); //$NON-NLS-1$
		validate();
	}

	private static WritableValue<String> value(Realm realm) {
		return new WritableValue<>(realm, "", String.class); //$NON-NLS-1$
	}

	/** @return the servers that may be chosen: the active ones, by name */
	public List<MailServer> servers() {
		return active;
	}

	/** @return the preferred server when it is active, otherwise the first active server */
	private Optional<MailServer> defaultServer(String preferredId) {
		List<MailServer> active = servers();
		return active.stream().filter(s -> s.id().equals(preferredId)).findFirst()
				.or(() -> active.stream().findFirst());
	}

	/** @return the chosen server, when it exists and is active */
	public Optional<MailServer> server() {
		String id = serverId.getValue();
		return active.stream().filter(s -> s.id().equals(id)).findFirst();
	}

	/** The server list changed: revalidate, and choose another server when the chosen one went away. */
	public void serversChanged() {
		active = registry.activeServers();
		if (state == State.EDITING && server().isEmpty()) {
			serverId.setValue(defaultServer(null).map(MailServer::id).orElse("")); //$NON-NLS-1$
		}
		changed();
	}

	private void suggestFrom() {
		String current = from.getValue();
		if (!current.isEmpty() && !current.equals(suggestedFrom)) {
			return; // the user typed their own
		}
		String username = server().map(MailServer::username).orElse(""); //$NON-NLS-1$
		suggestedFrom = MessageHeaders.addressProblem(Messages.Compose_from, username).isEmpty()
				&& MessageHeaders.split(username).size() == 1 ? username : ""; //$NON-NLS-1$
		from.setValue(suggestedFrom);
	}

	public List<Path> attachments() {
		return List.copyOf(attachments);
	}

	public void addAttachments(List<Path> files) {
		for (Path file : files) {
			Path absolute = file.toAbsolutePath().normalize();
			if (!attachments.contains(absolute)) {
				attachments.add(absolute);
			}
		}
		changed();
	}

	public void removeAttachments(List<Path> files) {
		attachments.removeAll(files);
		changed();
	}

	public State state() {
		return state;
	}

	void setState(State value) {
		state = value;
		changed();
	}

	/** @return every field's problem, in field order; sending is refused while there is one */
	public Map<Field, String> problems() {
		return Map.copyOf(problems);
	}

	public Optional<String> problem(Field field) {
		return Optional.ofNullable(problems.get(field));
	}

	/** @return what the user may want to fix but that does not stop sending (an empty subject or body) */
	public List<String> warnings() {
		return List.copyOf(warnings);
	}

	/** @return whether the mail can be sent now */
	public boolean canSend() {
		return state == State.EDITING && problems.isEmpty();
	}

	/** @return whether closing would lose something the user wrote: a mail not sent that has content */
	public boolean hasContent() {
		return state != State.SENT && (!to.getValue().isBlank() || !cc.getValue().isBlank()
				|| !bcc.getValue().isBlank() || !subject.getValue().isBlank() || !text.getValue().isBlank()
				|| !html.getValue().isBlank() || !attachments.isEmpty()
				|| !(from.getValue().isBlank() || from.getValue().equals(suggestedFrom)));
	}

	/** @return the number of entries in To, Cc and Bcc, valid or not */
	public int recipientCount() {
		int count = 0;
		for (WritableValue<String> list : List.of(to, cc, bcc)) {
			count += MessageHeaders.split(list.getValue()).size();
		}
		return count;
	}

	/** @return the mail as it is now, for sending */
	public MailDraft draft() {
		return new MailDraft(server().orElse(null), from.getValue(), to.getValue(), cc.getValue(), bcc.getValue(),
				subject.getValue(), text.getValue(), html.getValue(), attachments());
	}

	public void addListener(Runnable listener) {
		listeners.add(listener);
	}

	public void removeListener(Runnable listener) {
		listeners.remove(listener);
	}

	private void changed() {
		validate();
		for (Runnable listener : listeners) {
			listener.run();
		}
	}

	private void validate() {
		problems.clear();
		warnings.clear();
		if (server().isEmpty()) {
			problems.put(Field.SERVER, servers().isEmpty() ? Messages.Compose_noActiveServer : Messages.Compose_noServer);
		}
		String sender = from.getValue();
		Optional<String> fromProblem = MessageHeaders.addressProblem(Messages.Compose_from, sender);
		if (fromProblem.isPresent()) {
			problems.put(Field.FROM, fromProblem.get());
		} else if (sender.isBlank()) {
			problems.put(Field.FROM, Messages.Compose_fromEmpty);
		} else if (MessageHeaders.split(sender).size() > 1) {
			problems.put(Field.FROM, Messages.Compose_fromOne);
		}
		MessageHeaders.addressProblem(Messages.Compose_to, to.getValue()).ifPresent(p -> problems.put(Field.TO, p));
		MessageHeaders.addressProblem(Messages.Compose_cc, cc.getValue()).ifPresent(p -> problems.put(Field.CC, p));
		MessageHeaders.addressProblem(Messages.Compose_bcc, bcc.getValue()).ifPresent(p -> problems.put(Field.BCC, p));
		if (!problems.containsKey(Field.TO) && !problems.containsKey(Field.CC) && !problems.containsKey(Field.BCC)
				&& recipientCount() == 0) {
			problems.put(Field.TO, Messages.Compose_noRecipient);
		}
		MessageHeaders.lineProblem(Messages.Compose_subject, subject.getValue())
				.ifPresent(p -> problems.put(Field.SUBJECT, p));
		if (subject.getValue().isBlank()) {
			warnings.add(Messages.Compose_subjectEmpty);
		}
		if (text.getValue().isBlank() && html.getValue().isBlank() && attachments.isEmpty()) {
			warnings.add(Messages.Compose_bodyEmpty);
		}
	}
}
