import { Duration, RemovalPolicy } from "aws-cdk-lib";
import * as cognito from "aws-cdk-lib/aws-cognito";
import { Construct } from "constructs";
import { OPERATORS_GROUP } from "../../lambdas/domain/console/sign-in.js";
import type { ResourceNames } from "../naming.js";

/**
 * Who may sign in to the console on AWS: a Cognito user pool of operators, created by an administrator
 * (no self sign-up), signing in with their e-mail address, a strong password and a TOTP app (MFA
 * required), on the Plus feature plan so threat protection blocks risky and compromised-credential
 * sign-ins. Stateful: deleting it would delete every operator and their MFA enrolment, so it is retained
 * and protected from deletion. The hosted UI lives on a Cognito domain named after the deployment; the
 * console's app client is in the stateless stack, next to the distribution whose URL it redirects to.
 */
export class ConsoleUserPool extends Construct {
  readonly userPool: cognito.UserPool;
  readonly operators: cognito.UserPoolGroup;
  readonly domain: cognito.UserPoolDomain;

  constructor(scope: Construct, id: string, props: { readonly names: ResourceNames }) {
    super(scope, id);
    const { names } = props;
    this.userPool = new cognito.UserPool(this, "UserPool", {
      userPoolName: names.consoleUserPool(),
      selfSignUpEnabled: false,
      signInAliases: { email: true, username: false },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      mfa: cognito.Mfa.REQUIRED,
      // TOTP only: SMS codes can be intercepted (SIM swap) and need an SNS origination setup.
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
        passwordHistorySize: 5,
      },
      // An administrator resets a lost MFA device; e-mail recovery covers forgotten passwords only.
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.operators = this.userPool.addGroup("Operators", {
      // The group the console's sign-in requires of a Cognito ID token.
      groupName: OPERATORS_GROUP,
      description: "Operators of kyc-attest: may use the console on managed plans",
    });
    this.domain = this.userPool.addDomain("Domain", {
      // Cognito domain prefixes are global per region: the deployment prefix keeps stages apart.
      cognitoDomain: { domainPrefix: names.consoleDomainPrefix() },
    });
  }

  /** `https://<prefix>.auth.<region>.amazoncognito.com`: the hosted UI and the OAuth endpoints. */
  get domainUrl(): string {
    return this.domain.baseUrl();
  }
}
