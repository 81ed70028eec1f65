/**
 * The example help desk (the same objects as examples/gitops and
 * examples/terraform) as a CDKTF app using deskform's generated bindings;
 * README.md next to it shows how to run it in a project of its own.
 *
 *   cdktf synth                         → cdktf.out/stacks/helpdesk/cdk.tf.json
 *   deskform apply cdktf.out/stacks/helpdesk/cdk.tf.json   (no Terraform needed)
 *   cdktf deploy --skip-provider-lock   (Terraform with `deskform provider install`)
 *
 * Vendor URLs and credentials come from the environment (CHATWOOT_URL,
 * CHATWOOT_API_TOKEN, TETHER_URL, TETHER_TOKEN, HEALTHING_URL,
 * HEALTHING_EMAIL, HEALTHING_PASSWORD), so no secret is synthesized into the stack.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { App, AssetType, TerraformAsset, TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
// With CDK Terrain: import from 'cdktn' above and from 'deskform/cdktn' here (see README.md).
import { Channel, DeskformProvider, Inbox, Portal, Webchat } from 'deskform/cdktf';

const nineToFive = (day: number) => ({ dayOfWeek: day, openHour: 9, openMinutes: 0, closeHour: 17, closeMinutes: 0 });
const hours = (start: string, end: string) => ({ enabled: true, start, end });

export class HelpdeskStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new DeskformProvider(this, 'deskform', { chatwoot: { accountId: 1 } });

    const handbook = new Portal(this, 'handbook', {
      slug: 'handbook',
      name: 'Handbook',
      color: '#1F93FF',
      customDomain: 'help.example.com',
      headerText: 'Handbook',
      pageTitle: 'Handbook',
      homepageLink: 'https://www.example.com',
      defaultLocale: 'en',
      allowedLocales: ['en', 'fr'],
      // By name, not as a reference: the inbox below refers to this portal,
      // and Terraform forbids reference cycles. deskform links both ways.
      liveChatInbox: 'Website',
      archived: false,
    });

    new Inbox(this, 'website', {
      name: 'Website',
      channel: {
        type: 'web_widget',
        websiteUrl: 'https://www.example.com',
        widgetColor: '#FF5733',
        welcomeTitle: 'Hi there',
        welcomeTagline: 'We reply fast',
      },
      greetingEnabled: true,
      greetingMessage: 'Hello! How can we help?',
      timezone: 'America/New_York',
      workingHoursEnabled: true,
      workingHours: [nineToFive(1), nineToFive(2), { dayOfWeek: 6, closedAllDay: true }],
      portal: handbook.slug,
    });

    new Inbox(this, 'api_intake', {
      name: 'API intake',
      channel: { type: 'api', webhookUrl: 'https://hooks.example.com/chatwoot' },
      enableAutoAssignment: false,
    });

    // Copied into the stack directory, where the provider and `deskform apply` look for it.
    const icon = new TerraformAsset(this, 'widget_icon', {
      path: path.resolve(import.meta.dirname, 'assets/widget.png'),
      type: AssetType.FILE,
    });
    new Webchat(this, 'marketing', {
      name: 'Marketing site widget',
      starterMessage: 'Hi! Looking for pricing?',
      backgroundColor: '#FFFFFF',
      primaryColor: '#1F2937',
      secondaryColor: '#3B82F6',
      prompt: 'Sales assistant',
      allowedDomains: ['https://www.example.com'],
      pipeline: 'default',
      initialStage: 'new',
      isAutopilot: true,
      isEnabled: true,
      icon: icon.path,
    });

    // Healthing channels are connected in Healthing itself: deskform adopts and configures them.
    new Channel(this, 'whatsapp', {
      name: 'WhatsApp main',
      channelType: 'whatsapp',
      assignmentMode: 'round_robin',
      businessHours: {
        monday: hours('09:00', '18:00'),
        tuesday: hours('09:00', '18:00'),
        wednesday: hours('09:00', '18:00'),
        thursday: hours('09:00', '18:00'),
        friday: hours('09:00', '17:00'),
      },
    });

    new TerraformOutput(this, 'portal_id', { value: handbook.id });
  }
}

/** Synthesizes the app into `outdir` (cdktf.out by default, or CDKTF_OUTDIR when run by the cdktf CLI). */
export function synthesize(outdir?: string): App {
  const app = new App(outdir === undefined ? {} : { outdir });
  new HelpdeskStack(app, 'helpdesk');
  app.synth();
  return app;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) synthesize();
