package com.bitfaster.mail.bounces;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;

/**
 * Reads the organisation's bounce mailbox and records what comes back: each bounce in the side journal of the
 * campaign its token names, hard bounces, complaints and unsubscribes in the suppression list, soft bounces counted
 * there. One reader at a time across processes; a message is recorded once.
 *
 * @noimplement This interface is not intended to be implemented by clients.
 */
public interface BounceService {

	/** @return the mailbox settings, {@link BounceMailbox#NONE} when none were saved */
	BounceMailbox mailbox() throws CoreException;

	/**
	 * Saves the mailbox settings, and the password in secure storage.
	 *
	 * @param password the new password (cleared by the caller afterwards), {@code null} to keep the stored one
	 * @throws CoreException when a setting is invalid (the message names the field) or cannot be saved
	 */
	void setMailbox(BounceMailbox mailbox, char[] password) throws CoreException;

	/** @return whether a password is stored for the mailbox */
	boolean hasPassword() throws CoreException;

	/**
	 * @return the OAuth2 sign-in of the bounce mailbox: sign in, out and ask who is signed in with it, for
	 *         {@link #oauthAccount(BounceMailbox)}; its tokens live in this service's secure storage node
	 */
	com.bitfaster.mail.oauth.OAuthService oauth();

	/**
	 * @return the mailbox as the account {@link #oauth()} signs in: its OAuth2 settings (Microsoft 365's IMAP and POP
	 *         scopes unless a scope is set) and its user name
	 */
	com.bitfaster.mail.core.MailServer oauthAccount(BounceMailbox mailbox);

	/**
	 * Connects to the mailbox and logs in (the Test button); the exception says what failed.
	 *
	 * @param password with a password: the one to try, {@code null} for the stored one; ignored with OAuth2, whose
	 *                 token comes from the sign-in
	 */
	void testMailbox(BounceMailbox mailbox, char[] password) throws CoreException;

	/**
	 * Reads the mailbox once: waits while another program reads it, then handles the messages not handled before.
	 *
	 * @throws CoreException when no mailbox is set up, the connection, TLS or login fails, or a record cannot be written
	 */
	FetchSummary fetch(IProgressMonitor monitor) throws CoreException;

	/**
	 * Handles one parsed message as {@link #fetch} does. Idempotent per {@link ParsedBounce#messageId()}: a bounce
	 * whose Message-ID its campaign's journal holds already is {@link BounceOutcome#ALREADY_RECORDED} and counts once.
	 */
	BounceOutcome process(ParsedBounce bounce) throws CoreException;

	/**
	 * Handles messages as {@link #fetch} does with each batch it reads: one synced journal append per campaign, then
	 * one suppression-list write. Idempotent per Message-ID as {@link #process} is.
	 *
	 * @return the outcome of each message, in order
	 */
	java.util.List<BounceOutcome> processAll(java.util.List<ParsedBounce> bounces) throws CoreException;
}
