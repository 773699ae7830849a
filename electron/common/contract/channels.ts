// The channels and events of the contract, and the one gate inputs pass through.
import { z } from 'zod';
import { DisplayPairing, DisplayState } from './display';
import { badRequest, type ContractError, type Result } from './errors';
import { CollectRemainderInput, CreatePaymentInput, DaySummary, ListOperationsInput, Operation, OperationPage, OperationRef, SummaryInput } from './operations';
import { PlatformLink, PlatformTestInput, PlatformTestResult } from './platform';
import { CheckInput, ConventionListInput, ConventionPage, DayCheck, DayReport, Receipt, ReceiptPrinted, ReportInput } from './reports';
import { empty } from './schema-parts';
import { AccessToken, AppAbout, LoginInput, SessionState } from './session';
import { Settings, SettingsPatch } from './settings';
import { ExchangeRef, TillChoiceInput, TillNotice, TillReport, TillState } from './till';

// ---- the contract --------------------------------------------------------------------------

export const channels = {
  'session.login': { input: LoginInput, result: SessionState },
  'session.logout': { input: empty, result: SessionState },
  'session.get': { input: empty, result: SessionState },
  'payments.create': { input: CreatePaymentInput, result: Operation },
  'payments.get': { input: OperationRef, result: Operation },
  'payments.refresh': { input: OperationRef, result: Operation },
  'payments.cancel': { input: OperationRef, result: Operation },
  'operations.list': { input: ListOperationsInput, result: OperationPage },
  'operations.summary': { input: SummaryInput, result: DaySummary },
  'settings.get': { input: empty, result: Settings },
  'settings.update': { input: SettingsPatch, result: Settings },
  /** "Écran client": how to pair a remote display; null where the host has none (Electron). */
  'display.pairing': { input: empty, result: DisplayPairing.nullable() },
  /** The till requests waiting for an answer, and what the till was not told. */
  'till.waiting': { input: empty, result: TillState },
  /** The cashier's choice on a partial payment: ask the rest in Chèque-Vacances, or not. */
  'till.choose': { input: TillChoiceInput, result: TillState },
  /** "C'est fait": the cashier dealt with what the till was not told. */
  'till.acknowledge': { input: ExchangeRef, result: TillState },
  /** The day's till exchanges whose outcome the till does not know (Paris day, default today). */
  'till.report': { input: z.object({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional() }).strict(), result: TillReport },
  /** "Reste encaissé autrement": records how the remainder of a partial payment was collected. */
  'payments.collectRemainder': { input: CollectRemainderInput, result: Operation },
  /** The platform link state (connected, polling, unreachable, logged out). */
  'platform.status': { input: empty, result: PlatformLink },
  /** « Clôture de journée » of a day or a period. */
  'report.day': { input: ReportInput, result: DayReport },
  /** The day's log against the platform's list: the differences. */
  'report.check': { input: CheckInput, result: DayCheck },
  /** The whole convention's requests of a day from the platform, other tills' marked. */
  'operations.convention': { input: ConventionListInput, result: ConventionPage },
  'receipt.get': { input: OperationRef, result: Receipt },
  /** Prints the receipt on the network printer of the settings (ESC/POS). */
  'receipt.print': { input: OperationRef, result: ReceiptPrinted },
  /** This companion: its version, platform mode, log folder, and the demo credentials in demo mode. */
  'app.about': { input: empty, result: AppAbout },
  /** « Révoquer l'écran client »: a new display token and pairing code (null where the host has none). */
  'display.revoke': { input: empty, result: DisplayPairing.nullable() },
  /** « Nouveau jeton »: a new cashier token for the local API (null where the host has none). */
  'access.rotate': { input: empty, result: AccessToken.nullable() },
  /** « Tester la connexion » of a platform before choosing it (nothing saved, nothing changed). */
  'platform.test': { input: PlatformTestInput, result: PlatformTestResult },
} as const;

export const events = {
  'payment.updated': Operation,
  'session.changed': SessionState,
  'display.changed': DisplayState,
  'till.notice': TillNotice,
  'till.changed': TillState,
  'platform.changed': PlatformLink,
  /** The settings after any change (settings.update): hosts, Caisse-AP and screens follow it. */
  'settings.changed': Settings,
} as const;

/** The customer display may read its state and nothing else. */
export const displayChannels = {
  'display.get': { input: empty, result: DisplayState },
} as const;
export const displayEvents = ['display.changed'] as const satisfies readonly EventName[];

export type Channel = keyof typeof channels;
export type DisplayChannel = keyof typeof displayChannels;
export type EventName = keyof typeof events;
export type ChannelInput<C extends Channel> = z.input<(typeof channels)[C]['input']>;
export type ParsedInput<C extends Channel> = z.output<(typeof channels)[C]['input']>;
export type ChannelResult<C extends Channel> = z.output<(typeof channels)[C]['result']>;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

export const CHANNELS = Object.keys(channels) as Channel[];
export const EVENT_NAMES = Object.keys(events) as EventName[];

export function isChannel(name: string): name is Channel {
  return Object.hasOwn(channels, name);
}
export function isEventName(name: string): name is EventName {
  return Object.hasOwn(events, name);
}

/** What a host calls for each channel: input already parsed, result or a ContractError. */
export type Handlers = { [C in Channel]: (input: ParsedInput<C>) => Promise<Result<ChannelResult<C>>> };

/** Validates a channel's raw input: the one gate every host passes inputs through. */
export function parseInput<C extends Channel>(
  channel: C,
  raw: unknown,
): { ok: true; value: ParsedInput<C> } | { ok: false; error: ContractError } {
  const parsed = channels[channel].input.safeParse(raw ?? {});
  if (!parsed.success) return { ok: false, error: badRequest(parsed.error) };
  return { ok: true, value: parsed.data as ParsedInput<C> };
}
