/**
 * Grants of the synthesized stack that no call in the test suite uses, each with the reason it stays. A label is
 * `<role> <action> <resource as the template writes it>` (local/emulator/iam/usage.ts). An entry for a grant the stack no
 * longer has fails the check; one for a grant that became used is reported; new unused grants fail the check. Each
 * reason is why the grant is right though the suite does not call it, never work left to do.
 */
export const UNUSED_GRANT_REASONS: Readonly<Record<string, string>> = {
  'RotationHandlerRole iam:UpdateAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-0':
    'The rotation function deactivates a pending access key it abandons (a failed test, a retry after a crash); whether a suite run reaches that for this user depends on timing (a fresh-clone CI run did not, others did). test/faults/rotation-crash.test.ts exercises it for aws-iam.',
  'RotationHandlerRole iam:DeleteAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-0':
    'The rotation function deletes a pending access key it abandons (a failed test, a retry after a crash); whether a suite run reaches that for this user depends on timing (a fresh-clone CI run did not, others did). test/faults/rotation-crash.test.ts exercises it for aws-iam.',
  'NotificationsfleetBAgentPolicy dynamodb:UpdateItem {InventoryTable.Arn}':
    'A fleet of the agent-attack test (test/integration/client/agent-attacks.test.ts), whose agents only attack the inventory.',
  'RotationHandlerRole iam:UpdateAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/revocation-user':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RotationHandlerRole iam:DeleteAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/revocation-user':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RevocationHandlerRole iam:UntagUser arn:{AWS::Partition}:iam::{AWS::AccountId}:user/revocation-user':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'IntakeHandlerRole iam:UpdateAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/revocation-user':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'IntakeHandlerRole iam:DeleteAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/revocation-user':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'IntakeHandlerRole iam:ListUserTags arn:{AWS::Partition}:iam::{AWS::AccountId}:user/revocation-user':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'IntakeHandlerRole iam:UntagUser arn:{AWS::Partition}:iam::{AWS::AccountId}:user/revocation-user':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'OperatorPolicy iam:UpdateAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/revocation-user':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'OperatorPolicy iam:DeleteAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/revocation-user':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'OperatorPolicy iam:ListUserTags arn:{AWS::Partition}:iam::{AWS::AccountId}:user/revocation-user':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'OperatorPolicy iam:UntagUser arn:{AWS::Partition}:iam::{AWS::AccountId}:user/revocation-user':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'NotificationsfleetAAgentPolicy secretsmanager:GetSecretValue {KeySecret}':
    'A fleet of the agent-attack test (test/integration/client/agent-attacks.test.ts), whose agents only attack the inventory.',
  'NotificationsfleetAAgentPolicy sqs:ReceiveMessage {NotificationsfleetAQueue.Arn}':
    'A fleet of the agent-attack test (test/integration/client/agent-attacks.test.ts), whose agents only attack the inventory.',
  'NotificationsfleetAAgentPolicy sqs:DeleteMessage {NotificationsfleetAQueue.Arn}':
    'A fleet of the agent-attack test (test/integration/client/agent-attacks.test.ts), whose agents only attack the inventory.',
  'NotificationsfleetBAgentPolicy secretsmanager:GetSecretValue {KeySecret}':
    'A fleet of the agent-attack test (test/integration/client/agent-attacks.test.ts), whose agents only attack the inventory.',
  'NotificationsfleetBAgentPolicy sqs:ReceiveMessage {NotificationsfleetBQueue.Arn}':
    'A fleet of the agent-attack test (test/integration/client/agent-attacks.test.ts), whose agents only attack the inventory.',
  'NotificationsfleetBAgentPolicy sqs:DeleteMessage {NotificationsfleetBQueue.Arn}':
    'A fleet of the agent-attack test (test/integration/client/agent-attacks.test.ts), whose agents only attack the inventory.',
  'IntakeGitHubWebhookRole logs:CreateLogStream {IntakeGitHubWebhookLogs.Arn}':
    "The Lambda service writes the function's logs with these; no handler code calls them (not emulated).",
  'IntakeGitHubWebhookRole logs:PutLogEvents {IntakeGitHubWebhookLogs.Arn}':
    "The Lambda service writes the function's logs with these; no handler code calls them (not emulated).",
  'IntakeGitHubWebhookRole xray:PutTelemetryRecords *':
    "X-Ray tracing (tracing: ACTIVE) sends segments on the function's behalf; not emulated.",
  'IntakeGitHubWebhookRole xray:PutTraceSegments *':
    "X-Ray tracing (tracing: ACTIVE) sends segments on the function's behalf; not emulated.",
  'IntakeHandlerRole dynamodb:DeleteItem {InventoryTable.Arn}':
    'Powertools Idempotency deletes the in-progress record when the handler fails, so a retry is not taken for a duplicate; the suite may not fail a handler mid-finding.',
  'IntakeHandlerRole iam:DeleteAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-0':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'IntakeHandlerRole iam:DeleteAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-1':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'IntakeHandlerRole iam:DeleteAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-2':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'IntakeHandlerRole iam:DeleteAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-3':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'IntakeHandlerRole iam:DeleteAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-4':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'IntakeHandlerRole iam:DeleteAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-5':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'IntakeHandlerRole iam:DeleteAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-6':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'IntakeHandlerRole iam:DeleteAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-7':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'IntakeHandlerRole iam:DeleteAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-8':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'IntakeHandlerRole iam:DeleteAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-9':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'IntakeHandlerRole iam:DeleteAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/guardduty-user':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'IntakeHandlerRole iam:DeleteAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/health-user':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'IntakeHandlerRole iam:DeleteAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/sechub-user':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'IntakeHandlerRole iam:ListUserTags arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-0':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'IntakeHandlerRole iam:ListUserTags arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-1':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'IntakeHandlerRole iam:ListUserTags arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-2':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'IntakeHandlerRole iam:ListUserTags arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-3':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'IntakeHandlerRole iam:ListUserTags arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-4':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'IntakeHandlerRole iam:ListUserTags arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-5':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'IntakeHandlerRole iam:ListUserTags arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-6':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'IntakeHandlerRole iam:ListUserTags arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-7':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'IntakeHandlerRole iam:ListUserTags arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-8':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'IntakeHandlerRole iam:ListUserTags arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-9':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'IntakeHandlerRole iam:ListUserTags arn:{AWS::Partition}:iam::{AWS::AccountId}:user/guardduty-user':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'IntakeHandlerRole iam:ListUserTags arn:{AWS::Partition}:iam::{AWS::AccountId}:user/health-user':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'IntakeHandlerRole iam:ListUserTags arn:{AWS::Partition}:iam::{AWS::AccountId}:user/sechub-user':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'IntakeHandlerRole iam:UntagUser arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-0':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'IntakeHandlerRole iam:UntagUser arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-1':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'IntakeHandlerRole iam:UntagUser arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-2':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'IntakeHandlerRole iam:UntagUser arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-3':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'IntakeHandlerRole iam:UntagUser arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-4':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'IntakeHandlerRole iam:UntagUser arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-5':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'IntakeHandlerRole iam:UntagUser arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-6':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'IntakeHandlerRole iam:UntagUser arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-7':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'IntakeHandlerRole iam:UntagUser arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-8':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'IntakeHandlerRole iam:UntagUser arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-9':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'IntakeHandlerRole iam:UntagUser arn:{AWS::Partition}:iam::{AWS::AccountId}:user/guardduty-user':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'IntakeHandlerRole iam:UntagUser arn:{AWS::Partition}:iam::{AWS::AccountId}:user/health-user':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'IntakeHandlerRole iam:UntagUser arn:{AWS::Partition}:iam::{AWS::AccountId}:user/sechub-user':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'IntakeHandlerRole iam:UpdateAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-0':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'IntakeHandlerRole iam:UpdateAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-1':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'IntakeHandlerRole iam:UpdateAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-2':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'IntakeHandlerRole iam:UpdateAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-3':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'IntakeHandlerRole iam:UpdateAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-4':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'IntakeHandlerRole iam:UpdateAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-5':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'IntakeHandlerRole iam:UpdateAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-6':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'IntakeHandlerRole iam:UpdateAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-7':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'IntakeHandlerRole iam:UpdateAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-8':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'IntakeHandlerRole iam:UpdateAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-9':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'IntakeHandlerRole iam:UpdateAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/guardduty-user':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'IntakeHandlerRole iam:UpdateAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/health-user':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'IntakeHandlerRole iam:UpdateAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/sechub-user':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'IntakeHandlerRole lambda:InvokeFunction {RotationHandlerFunction.Arn}:*':
    "CDK grants the function's versions and aliases with the function; rekey invokes $LATEST only.",
  'IntakeHandlerRole logs:CreateLogStream {IntakeHandlerLogs.Arn}':
    "The Lambda service writes the function's logs with these; no handler code calls them (not emulated).",
  'IntakeHandlerRole logs:PutLogEvents {IntakeHandlerLogs.Arn}':
    "The Lambda service writes the function's logs with these; no handler code calls them (not emulated).",
  'IntakeHandlerRole secretsmanager:GetSecretValue arn:{AWS::Partition}:secretsmanager:{AWS::Region}:{AWS::AccountId}:secret:admin/anthropic-??????':
    'Each function that calls a provider reads that provider’s admin secret (minting, revoking, revoking an exposed pending key); the configurations the suite deploys do not make every function call every provider.',
  'IntakeHandlerRole secretsmanager:GetSecretValue arn:{AWS::Partition}:secretsmanager:{AWS::Region}:{AWS::AccountId}:secret:admin/http-??????':
    'Each function that calls a provider reads that provider’s admin secret (minting, revoking, revoking an exposed pending key); the configurations the suite deploys do not make every function call every provider.',
  'IntakeHandlerRole secretsmanager:GetSecretValue arn:{AWS::Partition}:secretsmanager:{AWS::Region}:{AWS::AccountId}:secret:admin/openai-??????':
    'Each function that calls a provider reads that provider’s admin secret (minting, revoking, revoking an exposed pending key); the configurations the suite deploys do not make every function call every provider.',
  'IntakeHandlerRole secretsmanager:GetSecretValue arn:{AWS::Partition}:secretsmanager:{AWS::Region}:{AWS::AccountId}:secret:it/http-admin-??????':
    'Each function that calls a provider reads that provider’s admin secret (minting, revoking, revoking an exposed pending key); the configurations the suite deploys do not make every function call every provider.',
  'IntakeHandlerRole xray:PutTelemetryRecords *':
    "X-Ray tracing (tracing: ACTIVE) sends segments on the function's behalf; not emulated.",
  'IntakeHandlerRole xray:PutTraceSegments *':
    "X-Ray tracing (tracing: ACTIVE) sends segments on the function's behalf; not emulated.",
  'NotificationsagentsAgentPolicy dynamodb:UpdateItem {InventoryTable.Arn}':
    'A fleet the suite deploys but whose agents it does not run.',
  'NotificationsagentsAgentPolicy secretsmanager:GetSecretValue {KeySecret}':
    'A fleet the suite deploys but whose agents it does not run.',
  'NotificationsagentsAgentPolicy sqs:DeleteMessage {NotificationsagentsQueue.Arn}':
    'A fleet the suite deploys but whose agents it does not run.',
  'NotificationsagentsAgentPolicy sqs:ReceiveMessage {NotificationsagentsQueue.Arn}':
    'A fleet the suite deploys but whose agents it does not run.',
  'NotificationsresearchAgentPolicy dynamodb:UpdateItem {InventoryTable.Arn}':
    'A fleet the suite deploys but whose agents it does not run.',
  'NotificationsresearchAgentPolicy secretsmanager:GetSecretValue {KeySecret}':
    'A fleet the suite deploys but whose agents it does not run.',
  'NotificationsresearchAgentPolicy sqs:DeleteMessage {NotificationsresearchQueue.Arn}':
    'A fleet the suite deploys but whose agents it does not run.',
  'NotificationsresearchAgentPolicy sqs:ReceiveMessage {NotificationsresearchQueue.Arn}':
    'A fleet the suite deploys but whose agents it does not run.',
  'OperatorPolicy cloudformation:DescribeStacks {AWS::StackId}':
    'An operator action or resource the CLI tests do not exercise in every configuration (iam: for aws-iam keys, admin secrets, StopExecution, index queries). To cover.',
  'OperatorPolicy dynamodb:Query {InventoryTable.Arn}/index/byHint':
    'An operator action or resource the CLI tests do not exercise in every configuration (iam: for aws-iam keys, admin secrets, StopExecution, index queries). To cover.',
  'OperatorPolicy dynamodb:Query {InventoryTable.Arn}/index/byKeyId':
    'An operator action or resource the CLI tests do not exercise in every configuration (iam: for aws-iam keys, admin secrets, StopExecution, index queries). To cover.',
  'OperatorPolicy iam:DeleteAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-0':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'OperatorPolicy iam:DeleteAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-1':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'OperatorPolicy iam:DeleteAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-2':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'OperatorPolicy iam:DeleteAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-3':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'OperatorPolicy iam:DeleteAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-4':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'OperatorPolicy iam:DeleteAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-5':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'OperatorPolicy iam:DeleteAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-6':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'OperatorPolicy iam:DeleteAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-7':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'OperatorPolicy iam:DeleteAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-8':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'OperatorPolicy iam:DeleteAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-9':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'OperatorPolicy iam:DeleteAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/guardduty-user':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'OperatorPolicy iam:DeleteAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/health-user':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'OperatorPolicy iam:DeleteAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/sechub-user':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'OperatorPolicy iam:ListUserTags arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-0':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'OperatorPolicy iam:ListUserTags arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-1':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'OperatorPolicy iam:ListUserTags arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-2':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'OperatorPolicy iam:ListUserTags arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-3':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'OperatorPolicy iam:ListUserTags arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-4':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'OperatorPolicy iam:ListUserTags arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-5':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'OperatorPolicy iam:ListUserTags arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-6':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'OperatorPolicy iam:ListUserTags arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-7':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'OperatorPolicy iam:ListUserTags arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-8':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'OperatorPolicy iam:ListUserTags arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-9':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'OperatorPolicy iam:ListUserTags arn:{AWS::Partition}:iam::{AWS::AccountId}:user/guardduty-user':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'OperatorPolicy iam:ListUserTags arn:{AWS::Partition}:iam::{AWS::AccountId}:user/health-user':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'OperatorPolicy iam:ListUserTags arn:{AWS::Partition}:iam::{AWS::AccountId}:user/sechub-user':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'OperatorPolicy iam:UntagUser arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-0':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'OperatorPolicy iam:UntagUser arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-1':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'OperatorPolicy iam:UntagUser arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-2':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'OperatorPolicy iam:UntagUser arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-3':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'OperatorPolicy iam:UntagUser arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-4':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'OperatorPolicy iam:UntagUser arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-5':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'OperatorPolicy iam:UntagUser arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-6':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'OperatorPolicy iam:UntagUser arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-7':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'OperatorPolicy iam:UntagUser arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-8':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'OperatorPolicy iam:UntagUser arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-9':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'OperatorPolicy iam:UntagUser arn:{AWS::Partition}:iam::{AWS::AccountId}:user/guardduty-user':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'OperatorPolicy iam:UntagUser arn:{AWS::Partition}:iam::{AWS::AccountId}:user/health-user':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'OperatorPolicy iam:UntagUser arn:{AWS::Partition}:iam::{AWS::AccountId}:user/sechub-user':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'OperatorPolicy iam:UpdateAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-0':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'OperatorPolicy iam:UpdateAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-1':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'OperatorPolicy iam:UpdateAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-2':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'OperatorPolicy iam:UpdateAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-3':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'OperatorPolicy iam:UpdateAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-4':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'OperatorPolicy iam:UpdateAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-5':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'OperatorPolicy iam:UpdateAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-6':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'OperatorPolicy iam:UpdateAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-7':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'OperatorPolicy iam:UpdateAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-8':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'OperatorPolicy iam:UpdateAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-9':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'OperatorPolicy iam:UpdateAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/guardduty-user':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'OperatorPolicy iam:UpdateAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/health-user':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'OperatorPolicy iam:UpdateAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/sechub-user':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'OperatorPolicy secretsmanager:GetSecretValue arn:{AWS::Partition}:secretsmanager:{AWS::Region}:{AWS::AccountId}:secret:admin/http-??????':
    'An operator action or resource the CLI tests do not exercise in every configuration (iam: for aws-iam keys, admin secrets, StopExecution, index queries). To cover.',
  'OperatorPolicy secretsmanager:GetSecretValue arn:{AWS::Partition}:secretsmanager:{AWS::Region}:{AWS::AccountId}:secret:admin/openai-??????':
    'An operator action or resource the CLI tests do not exercise in every configuration (iam: for aws-iam keys, admin secrets, StopExecution, index queries). To cover.',
  'OperatorPolicy secretsmanager:GetSecretValue arn:{AWS::Partition}:secretsmanager:{AWS::Region}:{AWS::AccountId}:secret:it/http-admin-??????':
    'An operator action or resource the CLI tests do not exercise in every configuration (iam: for aws-iam keys, admin secrets, StopExecution, index queries). To cover.',
  'OperatorPolicy secretsmanager:ListSecretVersionIds {KeySecret}':
    'An operator action or resource the CLI tests do not exercise in every configuration (iam: for aws-iam keys, admin secrets, StopExecution, index queries). To cover.',
  'OperatorPolicy states:DescribeStateMachine {RevocationStateMachine}':
    'An operator action or resource the CLI tests do not exercise in every configuration (iam: for aws-iam keys, admin secrets, StopExecution, index queries). To cover.',
  'OperatorPolicy states:StopExecution arn:{AWS::Partition}:states:{AWS::Region}:{AWS::AccountId}:execution:{RevocationStateMachine.Name}:*':
    'An operator action or resource the CLI tests do not exercise in every configuration (iam: for aws-iam keys, admin secrets, StopExecution, index queries). To cover.',
  'RevocationHandlerRole iam:DeleteAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-0':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RevocationHandlerRole iam:DeleteAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-1':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RevocationHandlerRole iam:DeleteAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-2':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RevocationHandlerRole iam:DeleteAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-3':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RevocationHandlerRole iam:DeleteAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-4':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RevocationHandlerRole iam:DeleteAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-5':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RevocationHandlerRole iam:DeleteAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-6':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RevocationHandlerRole iam:DeleteAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-7':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RevocationHandlerRole iam:DeleteAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-8':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RevocationHandlerRole iam:DeleteAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-9':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RevocationHandlerRole iam:DeleteAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/guardduty-user':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RevocationHandlerRole iam:DeleteAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/health-user':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RevocationHandlerRole iam:DeleteAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/sechub-user':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RevocationHandlerRole iam:GetAccessKeyLastUsed arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-0':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RevocationHandlerRole iam:GetAccessKeyLastUsed arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-1':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RevocationHandlerRole iam:GetAccessKeyLastUsed arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-2':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RevocationHandlerRole iam:GetAccessKeyLastUsed arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-3':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RevocationHandlerRole iam:GetAccessKeyLastUsed arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-4':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RevocationHandlerRole iam:GetAccessKeyLastUsed arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-5':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RevocationHandlerRole iam:GetAccessKeyLastUsed arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-6':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RevocationHandlerRole iam:GetAccessKeyLastUsed arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-7':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RevocationHandlerRole iam:GetAccessKeyLastUsed arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-8':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RevocationHandlerRole iam:GetAccessKeyLastUsed arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-9':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RevocationHandlerRole iam:GetAccessKeyLastUsed arn:{AWS::Partition}:iam::{AWS::AccountId}:user/guardduty-user':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RevocationHandlerRole iam:GetAccessKeyLastUsed arn:{AWS::Partition}:iam::{AWS::AccountId}:user/health-user':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RevocationHandlerRole iam:GetAccessKeyLastUsed arn:{AWS::Partition}:iam::{AWS::AccountId}:user/sechub-user':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RevocationHandlerRole iam:ListAccessKeys arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-0':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RevocationHandlerRole iam:ListAccessKeys arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-1':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RevocationHandlerRole iam:ListAccessKeys arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-2':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RevocationHandlerRole iam:ListAccessKeys arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-3':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RevocationHandlerRole iam:ListAccessKeys arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-4':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RevocationHandlerRole iam:ListAccessKeys arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-5':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RevocationHandlerRole iam:ListAccessKeys arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-6':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RevocationHandlerRole iam:ListAccessKeys arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-7':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RevocationHandlerRole iam:ListAccessKeys arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-8':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RevocationHandlerRole iam:ListAccessKeys arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-9':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RevocationHandlerRole iam:ListAccessKeys arn:{AWS::Partition}:iam::{AWS::AccountId}:user/guardduty-user':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RevocationHandlerRole iam:ListAccessKeys arn:{AWS::Partition}:iam::{AWS::AccountId}:user/health-user':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RevocationHandlerRole iam:ListAccessKeys arn:{AWS::Partition}:iam::{AWS::AccountId}:user/sechub-user':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RevocationHandlerRole iam:ListUserTags arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-0':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RevocationHandlerRole iam:ListUserTags arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-1':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RevocationHandlerRole iam:ListUserTags arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-2':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RevocationHandlerRole iam:ListUserTags arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-3':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RevocationHandlerRole iam:ListUserTags arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-4':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RevocationHandlerRole iam:ListUserTags arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-5':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RevocationHandlerRole iam:ListUserTags arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-6':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RevocationHandlerRole iam:ListUserTags arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-7':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RevocationHandlerRole iam:ListUserTags arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-8':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RevocationHandlerRole iam:ListUserTags arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-9':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RevocationHandlerRole iam:ListUserTags arn:{AWS::Partition}:iam::{AWS::AccountId}:user/guardduty-user':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RevocationHandlerRole iam:ListUserTags arn:{AWS::Partition}:iam::{AWS::AccountId}:user/health-user':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RevocationHandlerRole iam:ListUserTags arn:{AWS::Partition}:iam::{AWS::AccountId}:user/sechub-user':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RevocationHandlerRole iam:UntagUser arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-0':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RevocationHandlerRole iam:UntagUser arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-1':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RevocationHandlerRole iam:UntagUser arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-2':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RevocationHandlerRole iam:UntagUser arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-3':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RevocationHandlerRole iam:UntagUser arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-4':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RevocationHandlerRole iam:UntagUser arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-5':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RevocationHandlerRole iam:UntagUser arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-6':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RevocationHandlerRole iam:UntagUser arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-7':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RevocationHandlerRole iam:UntagUser arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-8':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RevocationHandlerRole iam:UntagUser arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-9':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RevocationHandlerRole iam:UntagUser arn:{AWS::Partition}:iam::{AWS::AccountId}:user/guardduty-user':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RevocationHandlerRole iam:UntagUser arn:{AWS::Partition}:iam::{AWS::AccountId}:user/health-user':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RevocationHandlerRole iam:UntagUser arn:{AWS::Partition}:iam::{AWS::AccountId}:user/sechub-user':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RevocationHandlerRole iam:UpdateAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-0':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RevocationHandlerRole iam:UpdateAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-1':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RevocationHandlerRole iam:UpdateAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-2':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RevocationHandlerRole iam:UpdateAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-3':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RevocationHandlerRole iam:UpdateAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-4':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RevocationHandlerRole iam:UpdateAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-5':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RevocationHandlerRole iam:UpdateAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-6':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RevocationHandlerRole iam:UpdateAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-7':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RevocationHandlerRole iam:UpdateAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-8':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RevocationHandlerRole iam:UpdateAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-9':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RevocationHandlerRole iam:UpdateAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/guardduty-user':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RevocationHandlerRole iam:UpdateAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/health-user':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RevocationHandlerRole iam:UpdateAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/sechub-user':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RevocationHandlerRole logs:CreateLogStream {RevocationHandlerLogs.Arn}':
    "The Lambda service writes the function's logs with these; no handler code calls them (not emulated).",
  'RevocationHandlerRole logs:PutLogEvents {RevocationHandlerLogs.Arn}':
    "The Lambda service writes the function's logs with these; no handler code calls them (not emulated).",
  'RevocationHandlerRole secretsmanager:GetSecretValue arn:{AWS::Partition}:secretsmanager:{AWS::Region}:{AWS::AccountId}:secret:admin/openai-??????':
    'Each function that calls a provider reads that provider’s admin secret (minting, revoking, revoking an exposed pending key); the configurations the suite deploys do not make every function call every provider.',
  'RevocationHandlerRole xray:PutTelemetryRecords *':
    "X-Ray tracing (tracing: ACTIVE) sends segments on the function's behalf; not emulated.",
  'RevocationHandlerRole xray:PutTraceSegments *':
    "X-Ray tracing (tracing: ACTIVE) sends segments on the function's behalf; not emulated.",
  'RevocationStateMachineRole lambda:InvokeFunction {RevocationHandlerFunction.Arn}:*':
    "CDK grants the function's versions and aliases with the function; rekey invokes $LATEST only.",
  'RevocationStateMachineRole logs:CreateLogDelivery *':
    'Step Functions delivers the execution log (logging ALL) with these; not emulated.',
  'RevocationStateMachineRole logs:DeleteLogDelivery *':
    'Step Functions delivers the execution log (logging ALL) with these; not emulated.',
  'RevocationStateMachineRole logs:DescribeLogGroups *':
    'Step Functions delivers the execution log (logging ALL) with these; not emulated.',
  'RevocationStateMachineRole logs:DescribeResourcePolicies *':
    'Step Functions delivers the execution log (logging ALL) with these; not emulated.',
  'RevocationStateMachineRole logs:GetLogDelivery *':
    'Step Functions delivers the execution log (logging ALL) with these; not emulated.',
  'RevocationStateMachineRole logs:ListLogDeliveries *':
    'Step Functions delivers the execution log (logging ALL) with these; not emulated.',
  'RevocationStateMachineRole logs:PutResourcePolicy *':
    'Step Functions delivers the execution log (logging ALL) with these; not emulated.',
  'RevocationStateMachineRole logs:UpdateLogDelivery *':
    'Step Functions delivers the execution log (logging ALL) with these; not emulated.',
  'RevocationStateMachineRole xray:GetSamplingRules *':
    "X-Ray tracing (tracing: ACTIVE) sends segments on the function's behalf; not emulated.",
  'RevocationStateMachineRole xray:GetSamplingTargets *':
    "X-Ray tracing (tracing: ACTIVE) sends segments on the function's behalf; not emulated.",
  'RevocationStateMachineRole xray:PutTelemetryRecords *':
    "X-Ray tracing (tracing: ACTIVE) sends segments on the function's behalf; not emulated.",
  'RevocationStateMachineRole xray:PutTraceSegments *':
    "X-Ray tracing (tracing: ACTIVE) sends segments on the function's behalf; not emulated.",
  'RotationHandlerRole iam:DeleteAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-5':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RotationHandlerRole iam:DeleteAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-6':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RotationHandlerRole iam:DeleteAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-7':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RotationHandlerRole iam:DeleteAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-8':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RotationHandlerRole iam:DeleteAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-9':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RotationHandlerRole iam:DeleteAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/guardduty-user':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RotationHandlerRole iam:DeleteAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/health-user':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RotationHandlerRole iam:DeleteAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/sechub-user':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RotationHandlerRole iam:UpdateAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-1':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RotationHandlerRole iam:UpdateAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-2':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RotationHandlerRole iam:UpdateAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-3':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RotationHandlerRole iam:UpdateAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-4':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RotationHandlerRole iam:UpdateAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-5':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RotationHandlerRole iam:UpdateAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-6':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RotationHandlerRole iam:UpdateAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-7':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RotationHandlerRole iam:UpdateAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-8':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RotationHandlerRole iam:UpdateAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-9':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RotationHandlerRole iam:UpdateAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/guardduty-user':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RotationHandlerRole iam:UpdateAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/health-user':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RotationHandlerRole iam:UpdateAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/sechub-user':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake); the suite exercises each action on some keys, not on every key by every role.',
  'RotationHandlerRole logs:CreateLogStream {RotationHandlerLogs.Arn}':
    "The Lambda service writes the function's logs with these; no handler code calls them (not emulated).",
  'RotationHandlerRole logs:PutLogEvents {RotationHandlerLogs.Arn}':
    "The Lambda service writes the function's logs with these; no handler code calls them (not emulated).",
  'RotationHandlerRole secretsmanager:GetSecretValue arn:{AWS::Partition}:secretsmanager:{AWS::Region}:{AWS::AccountId}:secret:it/http-admin-??????':
    'Each function that calls a provider reads that provider’s admin secret (minting, revoking, revoking an exposed pending key); the configurations the suite deploys do not make every function call every provider.',
  'RotationHandlerRole xray:PutTelemetryRecords *':
    "X-Ray tracing (tracing: ACTIVE) sends segments on the function's behalf; not emulated.",
  'RotationHandlerRole xray:PutTraceSegments *':
    "X-Ray tracing (tracing: ACTIVE) sends segments on the function's behalf; not emulated.",
  'NotificationssupportAgentPolicy lambda:InvokeFunction {KeyReportFleetsupport}':
    "Every fleet's agents may report a dead current key through their fleet's alias of the key-report function (lib/key-report.ts); the suite reports as the fleets of the dead-key tests only.",
  'IntakeHandlerRole sqs:ChangeMessageVisibility {IntakeWorkQueue.Arn}':
    "A worker near its deadline makes the findings it hands back visible again at once (lambdas/intake/fan-out.ts); the suite's mass exposure finishes within the deadline, and test/unit/intake/fan-out.test.ts and bench:mass-exposure exercise the hand-back.",
  'IntakeHandlerRole sqs:ChangeMessageVisibility {IntakeEventQueue.Arn}':
    "A worker near its deadline makes the events it hands back visible again at once (lambdas/intake/fan-out.ts); the suite's events are handled well within the deadline, and test/unit/intake/fan-out.test.ts exercises the hand-back on the event queue.",
  'KeyReportHandlerRole logs:CreateLogStream {KeyReportHandlerLogs.Arn}':
    "The Lambda service writes the function's logs with these; no handler code calls them (not emulated).",
  'KeyReportHandlerRole logs:PutLogEvents {KeyReportHandlerLogs.Arn}':
    "The Lambda service writes the function's logs with these; no handler code calls them (not emulated).",
  'KeyReportHandlerRole xray:PutTraceSegments *':
    "X-Ray tracing (tracing: ACTIVE) sends segments on the function's behalf; not emulated.",
  'KeyReportHandlerRole xray:PutTelemetryRecords *':
    "X-Ray tracing (tracing: ACTIVE) sends segments on the function's behalf; not emulated.",
  'KeyReportHandlerRole lambda:InvokeFunction {RotationHandlerFunction.Arn}:*':
    "CDK grants the function's versions and aliases with the function; rekey invokes $LATEST only.",
  'NotificationsfleetAAgentPolicy lambda:InvokeFunction {KeyReportFleetfleetA}':
    "Every fleet's agents may report a dead current key through their fleet's alias of the key-report function (lib/key-report.ts); the suite reports as the fleets of the dead-key tests only.",
  'NotificationsfleetBAgentPolicy lambda:InvokeFunction {KeyReportFleetfleetB}':
    "Every fleet's agents may report a dead current key through their fleet's alias of the key-report function (lib/key-report.ts); the suite reports as the fleets of the dead-key tests only.",
  'NotificationsaAgentPolicy secretsmanager:GetSecretValue {KeySecret}':
    'A fleet of a test that runs only some of what its agents may do (the sidecar, liveness and dead-key tests deploy fleets whose agents read, receive or acknowledge, not all three).',
  'NotificationsaAgentPolicy sqs:ReceiveMessage {NotificationsaQueue.Arn}':
    'A fleet of a test that runs only some of what its agents may do (the sidecar, liveness and dead-key tests deploy fleets whose agents read, receive or acknowledge, not all three).',
  'NotificationsaAgentPolicy sqs:DeleteMessage {NotificationsaQueue.Arn}':
    'A fleet of a test that runs only some of what its agents may do (the sidecar, liveness and dead-key tests deploy fleets whose agents read, receive or acknowledge, not all three).',
  'NotificationsaAgentPolicy dynamodb:UpdateItem {InventoryTable.Arn}':
    'A fleet of a test that runs only some of what its agents may do (the sidecar, liveness and dead-key tests deploy fleets whose agents read, receive or acknowledge, not all three).',
  'NotificationsaAgentPolicy lambda:InvokeFunction {KeyReportFleeta}':
    "Every fleet's agents may report a dead current key through their fleet's alias of the key-report function (lib/key-report.ts); the suite reports as the fleets of the dead-key tests only.",
  'KeyReportHandlerRole iam:ListAccessKeys arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-0':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake, testing a reported key to the key-report function); the suite exercises each action on some keys, not on every key by every role.',
  'KeyReportHandlerRole iam:ListAccessKeys arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-1':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake, testing a reported key to the key-report function); the suite exercises each action on some keys, not on every key by every role.',
  'KeyReportHandlerRole iam:ListAccessKeys arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-2':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake, testing a reported key to the key-report function); the suite exercises each action on some keys, not on every key by every role.',
  'KeyReportHandlerRole iam:ListAccessKeys arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-3':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake, testing a reported key to the key-report function); the suite exercises each action on some keys, not on every key by every role.',
  'KeyReportHandlerRole iam:ListAccessKeys arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-4':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake, testing a reported key to the key-report function); the suite exercises each action on some keys, not on every key by every role.',
  'KeyReportHandlerRole iam:ListAccessKeys arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-5':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake, testing a reported key to the key-report function); the suite exercises each action on some keys, not on every key by every role.',
  'KeyReportHandlerRole iam:ListAccessKeys arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-6':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake, testing a reported key to the key-report function); the suite exercises each action on some keys, not on every key by every role.',
  'KeyReportHandlerRole iam:ListAccessKeys arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-7':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake, testing a reported key to the key-report function); the suite exercises each action on some keys, not on every key by every role.',
  'KeyReportHandlerRole iam:ListAccessKeys arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-8':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake, testing a reported key to the key-report function); the suite exercises each action on some keys, not on every key by every role.',
  'KeyReportHandlerRole iam:ListAccessKeys arn:{AWS::Partition}:iam::{AWS::AccountId}:user/fleet-9':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake, testing a reported key to the key-report function); the suite exercises each action on some keys, not on every key by every role.',
  'NotificationsagentsAgentPolicy lambda:InvokeFunction {KeyReportFleetagents}':
    "Every fleet's agents may report a dead current key through their fleet's alias of the key-report function (lib/key-report.ts); the suite reports as the fleets of the dead-key tests only.",
  'KeyReportHandlerRole iam:ListAccessKeys arn:{AWS::Partition}:iam::{AWS::AccountId}:user/revocation-user':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake, testing a reported key to the key-report function); the suite exercises each action on some keys, not on every key by every role.',
  'NotificationshealersAgentPolicy sqs:ReceiveMessage {NotificationshealersQueue.Arn}':
    'A fleet of a test that runs only some of what its agents may do (the sidecar, liveness and dead-key tests deploy fleets whose agents read, receive or acknowledge, not all three).',
  'NotificationshealersAgentPolicy sqs:DeleteMessage {NotificationshealersQueue.Arn}':
    'A fleet of a test that runs only some of what its agents may do (the sidecar, liveness and dead-key tests deploy fleets whose agents read, receive or acknowledge, not all three).',
  'NotificationshealersAgentPolicy dynamodb:UpdateItem {InventoryTable.Arn}':
    'A fleet of a test that runs only some of what its agents may do (the sidecar, liveness and dead-key tests deploy fleets whose agents read, receive or acknowledge, not all three).',
  'NotificationsothersAgentPolicy secretsmanager:GetSecretValue {KeySecret}':
    'A fleet of a test that runs only some of what its agents may do (the sidecar, liveness and dead-key tests deploy fleets whose agents read, receive or acknowledge, not all three).',
  'NotificationsothersAgentPolicy sqs:ReceiveMessage {NotificationsothersQueue.Arn}':
    'A fleet of a test that runs only some of what its agents may do (the sidecar, liveness and dead-key tests deploy fleets whose agents read, receive or acknowledge, not all three).',
  'NotificationsothersAgentPolicy sqs:DeleteMessage {NotificationsothersQueue.Arn}':
    'A fleet of a test that runs only some of what its agents may do (the sidecar, liveness and dead-key tests deploy fleets whose agents read, receive or acknowledge, not all three).',
  'NotificationsothersAgentPolicy dynamodb:UpdateItem {InventoryTable.Arn}':
    'A fleet of a test that runs only some of what its agents may do (the sidecar, liveness and dead-key tests deploy fleets whose agents read, receive or acknowledge, not all three).',
  'IntakeHandlerRole secretsmanager:GetSecretValue arn:{AWS::Partition}:secretsmanager:{AWS::Region}:{AWS::AccountId}:secret:it/heal-admin-??????':
    'Each function that calls a provider reads that provider\u2019s admin secret (minting, revoking, revoking an exposed pending key); the configurations the suite deploys do not make every function call every provider.',
  'OperatorPolicy secretsmanager:GetSecretValue arn:{AWS::Partition}:secretsmanager:{AWS::Region}:{AWS::AccountId}:secret:it/heal-admin-??????':
    'Each function that calls a provider reads that provider\u2019s admin secret (minting, revoking, revoking an exposed pending key); the configurations the suite deploys do not make every function call every provider.',
  'NotificationsresearchAgentPolicy lambda:InvokeFunction {KeyReportFleetresearch}':
    "Every fleet's agents may report a dead current key through their fleet's alias of the key-report function (lib/key-report.ts); the suite reports as the fleets of the dead-key tests only.",
  'KeyReportHandlerRole iam:ListAccessKeys arn:{AWS::Partition}:iam::{AWS::AccountId}:user/health-user':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake, testing a reported key to the key-report function); the suite exercises each action on some keys, not on every key by every role.',
  'KeyReportHandlerRole iam:ListAccessKeys arn:{AWS::Partition}:iam::{AWS::AccountId}:user/sechub-user':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake, testing a reported key to the key-report function); the suite exercises each action on some keys, not on every key by every role.',
  'KeyReportHandlerRole iam:ListAccessKeys arn:{AWS::Partition}:iam::{AWS::AccountId}:user/guardduty-user':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake, testing a reported key to the key-report function); the suite exercises each action on some keys, not on every key by every role.',
  'RotationHandlerRole iam:UpdateAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/dead-key-user':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake, testing a reported key to the key-report function); the suite exercises each action on some keys, not on every key by every role.',
  'RotationHandlerRole iam:DeleteAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/dead-key-user':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake, testing a reported key to the key-report function); the suite exercises each action on some keys, not on every key by every role.',
  'NotificationsciAgentPolicy sqs:ReceiveMessage {NotificationsciQueue.Arn}':
    'A fleet of a test that runs only some of what its agents may do (the sidecar, liveness and dead-key tests deploy fleets whose agents read, receive or acknowledge, not all three).',
  'NotificationsciAgentPolicy sqs:DeleteMessage {NotificationsciQueue.Arn}':
    'A fleet of a test that runs only some of what its agents may do (the sidecar, liveness and dead-key tests deploy fleets whose agents read, receive or acknowledge, not all three).',
  'NotificationsciAgentPolicy dynamodb:UpdateItem {InventoryTable.Arn}':
    'A fleet of a test that runs only some of what its agents may do (the sidecar, liveness and dead-key tests deploy fleets whose agents read, receive or acknowledge, not all three).',
  'RevocationHandlerRole iam:UntagUser arn:{AWS::Partition}:iam::{AWS::AccountId}:user/dead-key-user':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake, testing a reported key to the key-report function); the suite exercises each action on some keys, not on every key by every role.',
  'IntakeHandlerRole iam:UpdateAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/dead-key-user':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake, testing a reported key to the key-report function); the suite exercises each action on some keys, not on every key by every role.',
  'IntakeHandlerRole iam:DeleteAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/dead-key-user':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake, testing a reported key to the key-report function); the suite exercises each action on some keys, not on every key by every role.',
  'IntakeHandlerRole iam:ListUserTags arn:{AWS::Partition}:iam::{AWS::AccountId}:user/dead-key-user':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake, testing a reported key to the key-report function); the suite exercises each action on some keys, not on every key by every role.',
  'IntakeHandlerRole iam:UntagUser arn:{AWS::Partition}:iam::{AWS::AccountId}:user/dead-key-user':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake, testing a reported key to the key-report function); the suite exercises each action on some keys, not on every key by every role.',
  'OperatorPolicy iam:UpdateAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/dead-key-user':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake, testing a reported key to the key-report function); the suite exercises each action on some keys, not on every key by every role.',
  'OperatorPolicy iam:DeleteAccessKey arn:{AWS::Partition}:iam::{AWS::AccountId}:user/dead-key-user':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake, testing a reported key to the key-report function); the suite exercises each action on some keys, not on every key by every role.',
  'OperatorPolicy iam:ListUserTags arn:{AWS::Partition}:iam::{AWS::AccountId}:user/dead-key-user':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake, testing a reported key to the key-report function); the suite exercises each action on some keys, not on every key by every role.',
  'OperatorPolicy iam:UntagUser arn:{AWS::Partition}:iam::{AWS::AccountId}:user/dead-key-user':
    'aws-iam provider actions, granted per key to each role that acts on that key (minting to the rotation function, verifying and revoking to the revocation function, revoking an exposed pending key to the intake, testing a reported key to the key-report function); the suite exercises each action on some keys, not on every key by every role.',
  'IntakeGitHubBackstopHandlerRole logs:CreateLogStream {IntakeGitHubBackstopHandlerLogs.Arn}':
    "The Lambda service writes the function's logs with these; no handler code calls them (not emulated).",
  'IntakeGitHubBackstopHandlerRole logs:PutLogEvents {IntakeGitHubBackstopHandlerLogs.Arn}':
    "The Lambda service writes the function's logs with these; no handler code calls them (not emulated).",
  'IntakeGitHubBackstopHandlerRole xray:PutTraceSegments *':
    "X-Ray tracing (tracing: ACTIVE) sends segments on the function's behalf; not emulated.",
  'IntakeGitHubBackstopHandlerRole xray:PutTelemetryRecords *':
    "X-Ray tracing (tracing: ACTIVE) sends segments on the function's behalf; not emulated.",
  'NotificationsfleetAgentPolicy lambda:InvokeFunction {KeyReportFleetfleet}':
    "Every fleet's agents may report a dead current key through their fleet's alias of the key-report function (lib/key-report.ts); the suite reports as the fleets of the dead-key tests only.",
  'EnrollmentHandlerRole logs:CreateLogStream {EnrollmentHandlerLogs.Arn}':
    "The Lambda service writes the function's logs with these; no handler code calls them (not emulated).",
  'EnrollmentHandlerRole logs:PutLogEvents {EnrollmentHandlerLogs.Arn}':
    "The Lambda service writes the function's logs with these; no handler code calls them (not emulated).",
  'EnrollmentHandlerRole xray:PutTraceSegments *':
    "X-Ray tracing (tracing: ACTIVE) sends segments on the function's behalf; not emulated.",
  'EnrollmentHandlerRole xray:PutTelemetryRecords *':
    "X-Ray tracing (tracing: ACTIVE) sends segments on the function's behalf; not emulated.",
  'EnrollmentHandlerRole lambda:InvokeFunction {RotationHandlerFunction.Arn}:*':
    'grantInvoke names the function and its versions; RotateSecret names the unqualified function.',
  'EnrollmentHandlerRole secretsmanager:TagResource arn:{AWS::Partition}:secretsmanager:{AWS::Region}:{AWS::AccountId}:secret:rekey/enrolled/*':
    'Resuming an enrollment whose secret was made before a failure puts its tags back (lambdas/enroll/enroll.ts); the unit tests drive that path, the local stack does not fail an enrollment part-way.',
  'IntakeHandlerRole secretsmanager:UpdateSecretVersionStage arn:{AWS::Partition}:secretsmanager:{AWS::Region}:{AWS::AccountId}:secret:rekey/enrolled/*':
    "Abandoning an exposed pending version of an enrolled key, as for a declared key; the integration test's leak is of a current version.",
  'KeyReportHandlerRole secretsmanager:DescribeSecret arn:{AWS::Partition}:secretsmanager:{AWS::Region}:{AWS::AccountId}:secret:rekey/enrolled/*':
    'Agents may report a dead enrolled key as they report a declared one; no test reports one (test/integration covers dead-key reports of declared keys).',
  'KeyReportHandlerRole secretsmanager:GetSecretValue arn:{AWS::Partition}:secretsmanager:{AWS::Region}:{AWS::AccountId}:secret:rekey/enrolled/*':
    'Agents may report a dead enrolled key as they report a declared one; no test reports one (test/integration covers dead-key reports of declared keys).',
  'KeyReportHandlerRole secretsmanager:RotateSecret arn:{AWS::Partition}:secretsmanager:{AWS::Region}:{AWS::AccountId}:secret:rekey/enrolled/*':
    'Agents may report a dead enrolled key as they report a declared one; no test reports one (test/integration covers dead-key reports of declared keys).',
  'OperatorPolicy secretsmanager:GetSecretValue arn:{AWS::Partition}:secretsmanager:{AWS::Region}:{AWS::AccountId}:secret:rekey/enrolled/*':
    'The key commands (status, rotate, put, revoke, scan --rotate) act on enrolled keys as on declared ones; the suite runs them on declared keys.',
  'OperatorPolicy secretsmanager:ListSecretVersionIds arn:{AWS::Partition}:secretsmanager:{AWS::Region}:{AWS::AccountId}:secret:rekey/enrolled/*':
    'The key commands (status, rotate, put, revoke, scan --rotate) act on enrolled keys as on declared ones; the suite runs them on declared keys.',
  'OperatorPolicy secretsmanager:PutSecretValue arn:{AWS::Partition}:secretsmanager:{AWS::Region}:{AWS::AccountId}:secret:rekey/enrolled/*':
    'The key commands (status, rotate, put, revoke, scan --rotate) act on enrolled keys as on declared ones; the suite runs them on declared keys.',
  'OperatorPolicy secretsmanager:RotateSecret arn:{AWS::Partition}:secretsmanager:{AWS::Region}:{AWS::AccountId}:secret:rekey/enrolled/*':
    'The key commands (status, rotate, put, revoke, scan --rotate) act on enrolled keys as on declared ones; the suite runs them on declared keys.',
  'OperatorPolicy secretsmanager:UpdateSecretVersionStage arn:{AWS::Partition}:secretsmanager:{AWS::Region}:{AWS::AccountId}:secret:rekey/enrolled/*':
    'The key commands (status, rotate, put, revoke, scan --rotate) act on enrolled keys as on declared ones; the suite runs them on declared keys.',
  'IntakeHandlerRole secretsmanager:GetSecretValue arn:{AWS::Partition}:secretsmanager:{AWS::Region}:{AWS::AccountId}:secret:rekey-rehearsal/in-house-tools-admin-??????':
    'Each function that calls a provider reads that provider’s admin secret (minting, revoking, revoking an exposed pending key); the configurations the suite deploys do not make every function call every provider.',
  'OperatorPolicy secretsmanager:GetSecretValue arn:{AWS::Partition}:secretsmanager:{AWS::Region}:{AWS::AccountId}:secret:rekey-rehearsal/in-house-tools-admin-??????':
    'An operator action or resource the CLI tests do not exercise in every configuration (iam: for aws-iam keys, admin secrets, StopExecution, index queries). To cover.',
  'IntakeHandlerRole secretsmanager:GetSecretValue arn:{AWS::Partition}:secretsmanager:{AWS::Region}:{AWS::AccountId}:secret:vol/http-admin-??????':
    'Each function that calls a provider reads that provider’s admin secret (minting, revoking, revoking an exposed pending key); the configurations the suite deploys do not make every function call every provider.',
  'OperatorPolicy secretsmanager:GetSecretValue arn:{AWS::Partition}:secretsmanager:{AWS::Region}:{AWS::AccountId}:secret:vol/http-admin-??????':
    'An operator action or resource the CLI tests do not exercise in every configuration (iam: for aws-iam keys, admin secrets, StopExecution, index queries). To cover.',
  'NotificationsvolumeAgentPolicy secretsmanager:GetSecretValue {KeySecret}':
    'The fleet of the revocation volume test (test/integration/revocation/volume.test.ts) is told of each revocation; its agents are not simulated.',
  'NotificationsvolumeAgentPolicy sqs:ReceiveMessage {NotificationsvolumeQueue.Arn}':
    'The fleet of the revocation volume test (test/integration/revocation/volume.test.ts) is told of each revocation; its agents are not simulated.',
  'NotificationsvolumeAgentPolicy sqs:DeleteMessage {NotificationsvolumeQueue.Arn}':
    'The fleet of the revocation volume test (test/integration/revocation/volume.test.ts) is told of each revocation; its agents are not simulated.',
  'NotificationsvolumeAgentPolicy dynamodb:UpdateItem {InventoryTable.Arn}':
    'The fleet of the revocation volume test (test/integration/revocation/volume.test.ts) is told of each revocation; its agents are not simulated.',
  'NotificationsvolumeAgentPolicy lambda:InvokeFunction {KeyReportFleetvolume}':
    'The fleet of the revocation volume test (test/integration/revocation/volume.test.ts) is told of each revocation; its agents are not simulated.',
};

/** Used grants that another statement or the resource's own policy also allows, each with the reason both stay. */
export const REDUNDANT_GRANT_REASONS: Readonly<Record<string, string>> = {
  'OperatorPolicy events:PutEvents {IntakeFindingBus.Arn}':
    "The finding bus's policy admits the named scanner roles too; the operator policy keeps the grant for accounts that attach it to a role the bus does not name.",
  'IntakeGitHubWebhookRole events:PutEvents {IntakeFindingBus.Arn}':
    "The finding bus's policy admits the webhook's role too; the identity grant keeps the webhook working on a caller-supplied bus without that policy.",
  'IntakeGitHubBackstopHandlerRole events:PutEvents {IntakeFindingBus.Arn}':
    "The finding bus's policy admits the backstop's role too; the identity grant keeps the backstop working on a caller-supplied bus without that policy.",
};
