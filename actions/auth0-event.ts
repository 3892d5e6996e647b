// Types only (erased from the built Action): the part of Auth0's post-user-registration event
// that send-invite.ts reads, shared with the tests that build such events.

export interface RegistrationEvent {
  user: {
    user_id: string;
    email?: string;
    email_verified?: boolean;
    app_metadata?: Record<string, unknown>;
  };
  connection: { name: string };
  secrets: Record<string, string | undefined>;
}
