package com.bitfaster.mail.dkim;

import java.util.List;

import org.eclipse.core.runtime.CoreException;

/**
 * The DKIM signing keys, per From domain and selector (a DS service). Their public halves are kept in a file in the
 * data folder shared by every program (the workbench, the command line), their private keys in Equinox secure storage
 * only. A domain may have an RSA and an Ed25519 key at once; every message from it is then signed with both.
 */
public interface DkimKeys {

	/** @return every key, ordered by domain and selector */
	List<DkimKey> list();

	/** @return the keys of a domain (case-insensitive): none, one, or an RSA and an Ed25519 key */
	List<DkimKey> forDomain(String domain);

	/**
	 * Generates a key (RSA 2048 or Ed25519) and stores its private half in secure storage.
	 *
	 * @throws CoreException when the domain or selector is not valid, the domain already has a key of this selector
	 *                       or of this algorithm, or the key cannot be stored
	 */
	DkimKey generate(String domain, String selector, DkimKey.Algorithm algorithm) throws CoreException;

	/**
	 * Imports a private key (PKCS#8 PEM, {@code -----BEGIN PRIVATE KEY-----}; RSA of 1024 to 4096 bits or Ed25519).
	 *
	 * @throws CoreException as {@link #generate}, or when the text is not such a key
	 */
	DkimKey importKey(String domain, String selector, String pkcs8Pem) throws CoreException;

	/**
	 * Removes a key and its private half.
	 *
	 * @throws CoreException when there is no such key, or it cannot be removed
	 */
	void remove(String domain, String selector) throws CoreException;
}
