// The settings of the companion (Paramètres), their defaults and the patch that changes them.
import { z } from 'zod';
import { PlatformKind, PlatformUrl, WorldlineSettings } from './platform';

export const Language = z.enum(['fr', 'en']);

/** Under Odoo's usual 180 s, so the answer comes before Odoo gives up. */
export const DEFAULT_TILL_TIMEOUT_SECONDS = 170;
export const TillTimeoutSeconds = z.number().int().min(10).max(3600);
/** `HOST:PORT` of a network receipt printer (ESC/POS over raw TCP, usually port 9100). */
export const PRINTER_ADDRESS_PATTERN = /^[A-Za-z0-9.-]{1,253}:\d{1,5}$/;

export const Settings = z.object({
  language: Language,
  /** This till's name in the operation log ("which till created it"). */
  tillId: z.string().trim().regex(/^[\p{L}\p{N} _.-]{1,20}$/u),
  /** The platform chosen (Paramètres, or the first-start setup); null until the merchant chose:
   *  the embedded demo sandbox runs meanwhile. A change switches the platform at once. */
  platform: PlatformKind.nullable(),
  /** The address of the API v1 server (`platform: 'api-v1'`): https, or http on loopback. Settings
   *  files from before `platform` existed: a non-null address there meant that server. */
  platformUrl: PlatformUrl.nullable(),
  /** Worldline Direct's environment (`platform: 'worldline-direct'`); the keys are in the SecretStore. */
  worldline: WorldlineSettings,
  customerDisplay: z.object({
    /** Electron: open the customer window on a second monitor when there is one. */
    enabled: z.boolean(),
    /** Electron `Display.id` to use instead of the first non-primary display. */
    displayId: z.number().int().nullable(),
    /** Seconds a final status stays on the customer display before it goes back to idle. */
    finalStatusSeconds: z.number().int().min(1).max(120),
    /** The customer's language, apart from the cashier's (settings files from before it: French). */
    language: Language.default('fr'),
  }),
  caisseAp: z.object({
    enabled: z.boolean(),
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535),
    /** Till addresses allowed to connect; empty: any (the listener is on loopback by default). */
    allowList: z.array(z.string().min(1)).max(50),
    /** How long the till waits for an answer before it gives up (its own setting; Odoo: its POS
     *  timeout minus 3 s). The companion answers before that, once the request is cancelled. */
    tillTimeoutSeconds: TillTimeoutSeconds.default(DEFAULT_TILL_TIMEOUT_SECONDS),
  }),
  /** A short sound on the cashier screen when a payment is validated or partly paid. */
  chime: z.boolean(),
  receipt: z.object({
    /** Print the customer's receipt by itself once a payment is validated. */
    autoPrint: z.boolean(),
    /** `HOST:PORT` of a network thermal printer (ESC/POS); null: the print dialog (80 mm). */
    printer: z.string().regex(PRINTER_ADDRESS_PATTERN).nullable(),
  }),
});
export type Settings = z.infer<typeof Settings>;

export const DEFAULT_SETTINGS: Settings = {
  language: 'fr',
  tillId: 'caisse-1',
  platform: null,
  platformUrl: null,
  worldline: { environment: 'preproduction', testServerUrl: null },
  customerDisplay: { enabled: true, displayId: null, finalStatusSeconds: 6, language: 'fr' },
  caisseAp: { enabled: false, host: '127.0.0.1', port: 8888, allowList: [], tillTimeoutSeconds: DEFAULT_TILL_TIMEOUT_SECONDS },
  chime: true,
  receipt: { autoPrint: false, printer: null },
};

export const SettingsPatch = z
  .object({
    language: Settings.shape.language,
    tillId: Settings.shape.tillId,
    platform: Settings.shape.platform,
    platformUrl: Settings.shape.platformUrl,
    worldline: WorldlineSettings.partial().strict(),
    customerDisplay: Settings.shape.customerDisplay.partial().extend({ language: Language.optional() }).strict(),
    // The timeout's default must not fill a patch that does not name it.
    caisseAp: Settings.shape.caisseAp.partial().extend({ tillTimeoutSeconds: TillTimeoutSeconds.optional() }).strict(),
    chime: Settings.shape.chime,
    receipt: Settings.shape.receipt.partial().strict(),
  })
  .partial()
  .strict();
export type SettingsPatch = z.infer<typeof SettingsPatch>;
