export const USAGE = `Usage: npm run ops -- <command> [options]        (also: kyc-ops <command>)

Services
  service create --client-id <id> --name <name> --plan payg|self-managed|managed|managed-dedicated
                 [--policy standard|lenient|strict|custom [--custom-policy '<json>']]
                 [--retention ongoing | --retention single-event --event-end <ISO date>]
                 [--advanced-bot] [--aml-full-match block|weigh-evidence]
                 [--webhook-url <https url>] [--onchain-service-id <id>]
  service update --client-id <id> [--name <name>] [--policy standard|lenient|strict|custom]
                 [--custom-policy '<json>'] [--certificates <name,name,...>]
                 [--aml-block <0-100> --aml-review <0-100>] [--validity-days <n>]
                 [--retention ongoing | --retention single-event --event-end <ISO date>]
                 [--webhook-url <https url> | --no-webhook-url] [--kyc-bot | --no-kyc-bot]
                 [--advanced-bot | --no-advanced-bot] [--aml-full-match block|weigh-evidence]
                 changes settings; the plan's rules apply (audited). A first webhook URL shows its secret
  service change-plan --client-id <id> --plan payg|self-managed|managed|managed-dedicated
                 upgrade (sales) or downgrade (operations): onto a managed plan registers the on-chain
                 service and attests every approved profile; off it revokes every flag (audited).
                 Stopped part-way? Run the same command again: it resumes
  service show   --client-id <id>
  service webhook-secret --client-id <id>     the secret the business verifies webhooks with (audited)
  service webhook-rotate --client-id <id> [--overlap-seconds <n>]
                 this service's next webhook secret; the previous one also signs for the overlap
                 (default 86400 s; 0: at once) (audited)
  service webhook-ping   --client-id <id>     POST a signed test delivery (isPing: true) now
API keys
  key create --client-id <id> --scope status|status+identity|intake|review
  key list   --client-id <id>
  key revoke --client-id <id> --key-id <keyId>
  key rotate --client-id <id> --key-id <keyId> [--overlap-seconds <n>]
Profiles (managed plans; erasure on every plan)
  profile list  --client-id <id> [--status <status>] [--limit <n>] [--cursor <c>]
  profile queue --client-id <id> --status waiting|inreview|blocked|approved [--reason <REASON_CODE>]
                [--limit <n>] [--cursor <c>]     oldest first, with counts, age and review SLA
  profile show  --client-id <id> --ref-id <refId>
  profile open  --client-id <id> --ref-id <refId>       waiting -> inreview (you are reviewing it)
  profile act   --client-id <id> --ref-id <refId> --reason "<text>"
                --action approve|reject|block|unblock|request-resubmission
                [--remediation "<what the user must fix>"]   (required for request-resubmission)
                [--expected-version <n>]   refuse (409, naming who) if the profile changed since
  profile erase --client-id <id> --ref-id <refId>
Support desk (docs/support-desk.md)
  ticket list   --client-id <id> [--ref-id <refId>] [--state open|answered|closed] [--limit <n>] [--cursor <c>]
  ticket show   --client-id <id> --ticket-id <id>
  ticket open   --client-id <id> [--requester business|user] [--ref-id <refId>]
                --category technical|data-deletion|kyc-status|aml-remediation|service-change|plan-change
                --channel email|telegram|dedicated-email|api --subject "<text>" --message "<text>"
                a ticket received by mail or Telegram (with --ref-id: the user's, by default)
  ticket reply  --client-id <id> --ticket-id <id> --message "<answer>"   (stops the response clock)
  ticket close  --client-id <id> --ticket-id <id> --message "<result>"
  ticket reopen --client-id <id> --ticket-id <id> --reason "<text>"      (restarts the clock)
  ticket assign --client-id <id> --ticket-id <id> --assignee <name>
  ticket confirm-deletion --client-id <id> --ticket-id <id>   runs the erasure, closes with the result
  ticket edd-decide --client-id <id> --ticket-id <id> --decision false-positive|confirmed-match --reason "<text>"
  holidays list
  holidays add    --date <YYYY-MM-DD> --name "<name>"    (dates at GMT+7)
  holidays remove --date <YYYY-MM-DD>
Quality assurance (managed-dedicated; docs/quality-assurance.md)
  qa sample --client-id <id> [--week <YYYY-Www>]   the week's sample (default: last complete ISO week),
                 drawn and stored on first use, with outcomes and each profile's state now
  qa record --client-id <id> --week <YYYY-Www> --ref-id <refId> --outcome confirmed|overturned --note "<text>"
                 once per profile and week; overturned: correct it with profile act
Jobs
  job run dedup|archive|reconcile|report|sla-check [--client-id <id>] [--now <ISO time>]
Chain pipeline
  chain status                    the signer's nonce, pending transactions, parked batches, pause
  chain retry [--batch-id <id>]   re-queue parked (refused) batches after fixing their cause
  chain resync                    after a nonce gap (alarm ChainNonceGap: the chain forgot transactions):
                                  void them, re-queue their work, restart from the chain's nonce,
                                  reconcile (audited)

Options
  --json              print the result as JSON
  --endpoint <url>    a Lambda Invoke endpoint (default: the local stack's, from .local/stack.json)
  --stage <stage>     AWS deployment kyc-attest-<stage> (default without a local stack: dev)
  --region <region>   AWS region (default: the SDK's)
Who acts is OPERATOR when set, else the AWS caller's IAM ARN (or local:<user> on the local stack).
`;
