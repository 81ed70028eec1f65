/**
 * The inbox JSON object (`_inbox.json.jbuilder`, §3.2): channel fields
 * flattened to the top level, conditional keys absent rather than null, and
 * secrets only for administrator callers.
 */
import type { EmuEnv } from '../contract.js';
import type { ChatwootState, InboxRow } from './state.js';
import { CHANNEL_MODEL } from './channels.js';

type Json = Record<string, unknown>;

/** The widget embed snippet; FRONTEND_URL is the emulator's Chatwoot base URL. */
function widgetScript(baseUrl: string, websiteToken: unknown): string {
  return `
    <script>
      (function(d,t) {
        var BASE_URL="${baseUrl}";
        var g=d.createElement(t),s=d.getElementsByTagName(t)[0];
        g.src=BASE_URL+"/packs/js/sdk.js";
        g.defer = true;
        g.async = true;
        s.parentNode.insertBefore(g,s);
        g.onload=function(){
          window.chatwootSDK.run({
            websiteToken: '${String(websiteToken)}',
            baseUrl: BASE_URL
          })
        }
      })(document,"script");
    </script>
    `;
}

const EMAIL_SECRET_KEYS = [
  'imap_login', 'imap_password', 'imap_address', 'imap_port', 'imap_enabled', 'imap_enable_ssl',
  'smtp_login', 'smtp_password', 'smtp_address', 'smtp_port', 'smtp_enabled', 'smtp_domain',
  'smtp_enable_ssl_tls', 'smtp_enable_starttls_auto', 'smtp_openssl_verify_mode', 'smtp_authentication',
];

export function renderInbox(inbox: InboxRow, state: ChatwootState, env: EmuEnv, callerIsAdmin: boolean): Json {
  const ch = inbox.channel;
  const a = ch.attrs;
  const widget = ch.kind === 'web_widget';
  const out: Json = {
    id: inbox.id,
    avatar_url: '',
    channel_id: ch.id,
    name: inbox.name,
    channel_type: CHANNEL_MODEL[ch.kind],
    greeting_enabled: inbox.greeting_enabled,
    greeting_message: inbox.greeting_message,
    working_hours_enabled: inbox.working_hours_enabled,
    enable_email_collect: inbox.enable_email_collect,
    csat_survey_enabled: inbox.csat_survey_enabled,
    csat_config: structuredClone(inbox.csat_config),
    enable_auto_assignment: inbox.enable_auto_assignment,
    auto_assignment_config: structuredClone(inbox.auto_assignment_config),
    out_of_office_message: inbox.out_of_office_message,
    working_hours: [...inbox.working_hours].sort((x, y) => x.day_of_week - y.day_of_week).map((w) => ({ ...w })),
    timezone: inbox.timezone,
    callback_webhook_url: null,
    allow_messages_after_resolved: inbox.allow_messages_after_resolved,
    lock_to_single_conversation: inbox.lock_to_single_conversation,
    sender_name_type: inbox.sender_name_type,
    business_name: inbox.business_name,
  };
  const portal = inbox.portal_id === null ? undefined : state.portals.find((p) => p.id === inbox.portal_id);
  if (portal) out.help_center = { name: portal.name, slug: portal.slug };

  out.widget_color = widget ? a.widget_color : null;
  out.website_url = widget ? a.website_url : null;
  out.hmac_mandatory = ch.kind === 'email' ? null : a.hmac_mandatory;
  out.welcome_title = widget ? a.welcome_title : null;
  out.welcome_tagline = widget ? a.welcome_tagline : null;
  out.web_widget_script = widget ? widgetScript(env.baseUrl, a.website_token) : null;
  out.website_token = widget ? a.website_token : null;
  out.selected_feature_flags = widget ? [...(a.selected_feature_flags as string[])] : null;
  out.reply_time = widget ? a.reply_time : null;
  out.allowed_domains = widget ? a.allowed_domains : null;
  if (widget) {
    if (callerIsAdmin) out.hmac_token = a.hmac_token;
    out.pre_chat_form_enabled = a.pre_chat_form_enabled;
    out.pre_chat_form_options = structuredClone(a.pre_chat_form_options);
    out.continuity_via_email = a.continuity_via_email;
  }
  out.messaging_service_sid = null;
  out.phone_number = null;
  if (ch.kind === 'email') {
    out.email = a.email;
    out.forwarding_enabled = true;
    out.forward_to_email = a.forward_to_email;
    if (callerIsAdmin) for (const k of EMAIL_SECRET_KEYS) out[k] = a[k];
  }
  if (ch.kind === 'api') {
    if (callerIsAdmin) out.hmac_token = a.hmac_token;
    out.webhook_url = a.webhook_url;
    out.inbox_identifier = a.identifier;
    out.additional_attributes = structuredClone(a.additional_attributes);
  }
  out.provider = ch.kind === 'email' ? a.provider : null;
  return out;
}
