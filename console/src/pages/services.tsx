import { Link } from "wouter";
import { get } from "../api/client";
import type { ServiceSummary } from "../api/types";
import { useResource } from "../api/use-resource";
import { useMe } from "../auth/session";
import { Badge } from "../components/badge";
import { Layout } from "../components/layout";
import { ErrorState, Skeleton } from "../components/states";
import { Table } from "../components/table";

const PLAN_NAMES: Record<string, string> = {
  payg: "Pay-as-you-go",
  "self-managed": "Self-managed",
  managed: "Managed",
  "managed-dedicated": "Managed, dedicated operator",
};

export default function ServicesPage() {
  const me = useMe();
  const services = useResource("services", (signal) =>
    get<{ services: ServiceSummary[] }>("/services", signal),
  );
  const operator = me.role === "operator";
  return (
    <Layout title={operator ? "Services" : "My service"}>
      {services.state === "error" ? <ErrorState error={services.error} onRetry={services.reload} /> : null}
      {services.state === "loading" ? <Skeleton lines={5} height={40} label="Loading the services" /> : null}
      {services.state === "ready" ? (
        <Table
          caption={
            operator ? "Every service, by plan. Operators work the managed plans." : "The service you review"
          }
          columns={["Service", "Client id", "Plan", "Pages"]}
        >
          {services.data.services.map((service) => {
            const access = operator ? service.operatorAccess : service.reviewAccess;
            return (
              <tr key={service.clientId} className={access ? undefined : "row-muted"}>
                <th scope="row">{service.name}</th>
                <td>
                  <code>{service.clientId}</code>
                </td>
                <td>
                  <Badge tone={service.plan.startsWith("managed") ? "info" : "neutral"}>
                    {PLAN_NAMES[service.plan] ?? service.plan}
                  </Badge>
                </td>
                <td>
                  {access ? (
                    <ul className="inline-links">
                      <li>
                        <Link href={`/services/${encodeURIComponent(service.clientId)}/queue/waiting`}>
                          Review queue<span className="sr-only"> of {service.name}</span>
                        </Link>
                      </li>
                      {operator && service.plan === "managed-dedicated" ? (
                        <li>
                          <Link href={`/services/${encodeURIComponent(service.clientId)}/qa`}>
                            Quality assurance<span className="sr-only"> of {service.name}</span>
                          </Link>
                        </li>
                      ) : null}
                      {operator ? (
                        <li>
                          <Link href={`/support?clientId=${encodeURIComponent(service.clientId)}`}>
                            Support tickets<span className="sr-only"> of {service.name}</span>
                          </Link>
                        </li>
                      ) : null}
                    </ul>
                  ) : (
                    <span className="muted">
                      {operator ? "Operators have no access on this plan" : "No review access on this plan"}
                    </span>
                  )}
                </td>
              </tr>
            );
          })}
        </Table>
      ) : null}
    </Layout>
  );
}
