import { SendEmailCommand, type SESv2Client } from "@aws-sdk/client-sesv2";
import type { MailSender, OutgoingMail } from "../../domain/notifications/ports.js";

/** SES message tags allow letters, digits, `_` and `-` only. */
function tagValue(value: string): string {
  return value.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 256);
}

/**
 * Sends through Amazon SES v2 from the deployment's verified sender identity, under its configuration
 * set (which publishes bounces and complaints to an SNS topic). Tags carry no personal data.
 */
export class SesMailSender implements MailSender {
  constructor(
    private readonly client: SESv2Client,
    private readonly from: string,
    private readonly configurationSet: string,
  ) {}

  async send(mail: OutgoingMail): Promise<{ messageId: string }> {
    const result = await this.client.send(
      new SendEmailCommand({
        FromEmailAddress: this.from,
        Destination: { ToAddresses: [mail.to] },
        ConfigurationSetName: this.configurationSet,
        EmailTags: [
          { Name: "event", Value: tagValue(mail.tags.event) },
          { Name: "clientId", Value: tagValue(mail.tags.clientId) },
        ],
        Content: {
          Simple: {
            Subject: { Data: mail.subject, Charset: "UTF-8" },
            Body: {
              Text: { Data: mail.text, Charset: "UTF-8" },
              Html: { Data: mail.html, Charset: "UTF-8" },
            },
          },
        },
      }),
    );
    return { messageId: result.MessageId ?? "" };
  }
}
