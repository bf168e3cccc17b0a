import nodemailer, { type Transporter } from 'nodemailer';

export interface MailMessage {
  to: string[];
  subject: string;
  text: string;
  html: string;
}

/**
 * The flags subgraph's one way to send email (notifications, and account mail such as
 * deactivation notices): SMTP through nodemailer, configured by SMTP_URL and MAIL_FROM.
 */
export class Mailer {
  private readonly transport: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
  ) {
    this.transport = nodemailer.createTransport(smtpUrl);
  }

  async send(message: MailMessage): Promise<{ messageId: string; response: string }> {
    const info = await this.transport.sendMail({ from: this.from, ...message });
    return { messageId: info.messageId, response: String(info.response ?? '') };
  }

  close(): void {
    this.transport.close();
  }
}
