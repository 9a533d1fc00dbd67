import { Duration } from "aws-cdk-lib";
import * as cognito from "aws-cdk-lib/aws-cognito";
import { Construct } from "constructs";
import type { ResourceNames } from "../naming.js";

/**
 * The console's Cognito app client: a public client (a browser app keeps no secret) that signs in through
 * the hosted UI with the authorization code grant, the app adding PKCE; it returns to the console's
 * entry page. It lives in the stateless stack because its redirect URL is the distribution's, and is
 * recreated harmlessly: the session function reads its id from the environment. The app hands the ID
 * token once to the console's session function, which verifies it and issues the HttpOnly session cookie.
 */
export class ConsoleAppClient extends Construct {
  readonly client: cognito.UserPoolClient;

  constructor(
    scope: Construct,
    id: string,
    props: {
      readonly userPool: cognito.IUserPool;
      /** The console's entry page (`https://<host>/console/`). */
      readonly consoleUrl: string;
      readonly names: ResourceNames;
    },
  ) {
    super(scope, id);
    this.client = new cognito.UserPoolClient(this, "Client", {
      userPool: props.userPool,
      userPoolClientName: props.names.consoleClient(),
      generateSecret: false,
      // Only the hosted UI signs in: no password or SRP flow through the app (CDK keeps refresh-token auth,
      // which Cognito requires; the app never stores a refresh token).
      authFlows: {
        userSrp: false,
        userPassword: false,
        adminUserPassword: false,
        custom: false,
        user: false,
      },
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: [props.consoleUrl],
        logoutUrls: [props.consoleUrl],
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      // The ID token only has to reach the session function once, right after the redirect.
      idTokenValidity: Duration.minutes(5),
      accessTokenValidity: Duration.minutes(5),
      refreshTokenValidity: Duration.minutes(60),
      authSessionValidity: Duration.minutes(3),
    });
  }
}
