package com.bitfaster.mail.core;

import java.util.List;

/**
 * What an import did.
 *
 * @param imported  the servers added
 * @param conflicts names that were taken, with what was done about each, for example
 *                  "'Campaign Server' already exists; not imported."
 * @param invalid   servers of the file that were refused, with the reason
 */
public record ImportResult(List<MailServer> imported, List<String> conflicts, List<String> invalid) {
}
