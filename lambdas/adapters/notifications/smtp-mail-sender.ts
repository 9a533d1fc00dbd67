import nodemailer, { type Transporter } from "nodemailer";
import type { MailSender, OutgoingMail } from "../../domain/notifications/ports.js";

/**
 * Sends over SMTP with nodemailer: the local stack's in-process mail server (`npm start`), or any
 * relay a self-hosted deployment points SMTP_URL at.
 */
export class SmtpMailSender implements MailSender {
  private readonly transport: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
  ) {
    this.transport = nodemailer.createTransport(smtpUrl);
  }

  async send(mail: OutgoingMail): Promise<{ messageId: string }> {
    const info = await this.transport.sendMail({
      from: this.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      headers: { "X-Notice-Event": mail.tags.event, "X-Notice-Service": mail.tags.clientId },
    });
    return { messageId: info.messageId };
  }

  close(): void {
    this.transport.close();
  }
}
