// Throughput benchmark driver, run by throughput.sh with the product's bundles on the class path (no OSGi needed):
//   java -cp CP Throughput.java service PORT MESSAGES CONNECTIONS   our SenderService through one server
//   java -cp CP Throughput.java naive PORT MESSAGES                  the naive loop: one Transport.send per message
// Sends the messages twice (a cold round, then a warm one) and prints one line:
// "<messages> <cold seconds> <warm seconds> <accepted in the warm round>".
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import org.eclipse.core.runtime.NullProgressMonitor;

import com.bitfaster.mail.core.MailExtensions;
import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.SendResult;
import com.bitfaster.mail.core.ServerLimits;
import com.bitfaster.mail.core.ServerRegistry;
import com.bitfaster.mail.core.TransportType;
import com.bitfaster.mail.core.TransportTypeDescriptor;
import com.bitfaster.mail.core.internal.RetryPolicy;
import com.bitfaster.mail.core.internal.SenderServiceImpl;
import com.bitfaster.mail.smtp.internal.PlainProvider;
import com.bitfaster.mail.smtp.internal.SmtpTransportType;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

public class Throughput {

	public static void main(String[] args) throws Exception {
		String mode = args[0];
		int port = Integer.parseInt(args[1]);
		int count = Integer.parseInt(args[2]);
		Properties props = new Properties();
		props.put("mail.smtp.host", "127.0.0.1");
		props.put("mail.smtp.port", Integer.toString(port));
		Session session = Session.getInstance(props);
		List<MimeMessage> messages = new ArrayList<>(count);
		String body = "x".repeat(76) + "\r\n";
		String text = body.repeat(5120 / body.length());
		for (int i = 0; i < count; i++) {
			MimeMessage m = new MimeMessage(session);
			m.setFrom(new InternetAddress("bench@bitfaster.test"));
			m.setRecipient(Message.RecipientType.TO, new InternetAddress("r" + i + "@example.test"));
			m.setSubject("Benchmark " + i);
			m.setText(text, "US-ASCII");
			m.saveChanges();
			messages.add(m);
		}
		// Two rounds in one JVM: the first (cold) includes the JIT compiling the send path, the second (warm) is the
		// steady state. Both are printed; the ratios use the warm round.
		StringBuilder line = new StringBuilder().append(count);
		long accepted = 0;
		if (mode.equals("naive")) {
			for (int round = 0; round < 2; round++) {
				long start = System.nanoTime();
				accepted = 0;
				for (MimeMessage m : messages) {
					// The deliberately naive baseline the sender service is compared with: a connection per message.
					Transport.send(m);
					accepted++;
				}
				line.append(String.format(" %.3f", (System.nanoTime() - start) / 1e9));
			}
		} else {
			int connections = Integer.parseInt(args[3]);
			MailServer server = MailServer.builder().name("sink").host("127.0.0.1").port(port)
					.limits(new ServerLimits(connections, 0, 0)).build();
			SenderServiceImpl sender = new SenderServiceImpl(registry(), extensions(), RetryPolicy.DEFAULT);
			for (int round = 0; round < 2; round++) {
				long start = System.nanoTime();
				List<SendResult> results = sender.sendAll(messages, List.of(server), null, new NullProgressMonitor());
				accepted = results.stream().filter(SendResult::allAccepted).count();
				line.append(String.format(" %.3f", (System.nanoTime() - start) / 1e9));
			}
		}
		System.out.println(line.append(' ').append(accepted));
	}

	/** Every server is active and needs no password. */
	private static ServerRegistry registry() {
		return (ServerRegistry) Proxy.newProxyInstance(Throughput.class.getClassLoader(), new Class<?>[] { ServerRegistry.class },
				(proxy, method, a) -> switch (method.getName()) {
				case "isActive" -> true;
				case "password" -> Optional.empty();
				case "addListener", "removeListener" -> null;
				default -> throw new UnsupportedOperationException(method.getName());
				});
	}

	/** The SMTP transport type with the plain provider, as the extension registry would give it. */
	private static MailExtensions extensions() {
		TransportType smtp = new SmtpTransportType(id -> Optional.of(new PlainProvider()));
		TransportTypeDescriptor descriptor = (TransportTypeDescriptor) Proxy.newProxyInstance(Throughput.class.getClassLoader(),
				new Class<?>[] { TransportTypeDescriptor.class }, (proxy, method, a) -> switch (method.getName()) {
				case "transportType" -> smtp;
				case "id" -> "smtp";
				default -> throw new UnsupportedOperationException(method.getName());
				});
		return (MailExtensions) Proxy.newProxyInstance(Throughput.class.getClassLoader(), new Class<?>[] { MailExtensions.class },
				(proxy, method, a) -> switch (method.getName()) {
				case "transportType" -> Optional.of(descriptor);
				default -> throw new UnsupportedOperationException(method.getName());
				});
	}
}
