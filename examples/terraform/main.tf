# The example help desk in plain Terraform: the same objects as examples/gitops
# (YAML) and examples/cdktf (CDKTF).
#
#   deskform provider install          # once: lays the provider out as a local mirror
#   terraform init && terraform apply
#
# Vendor URLs and credentials come from the environment: CHATWOOT_URL,
# CHATWOOT_API_TOKEN, TETHER_URL, TETHER_TOKEN, HEALTHING_URL, HEALTHING_EMAIL,
# HEALTHING_PASSWORD (each may also be set in the provider block).
#
# Several accounts from one configuration, through provider aliases:
# several-accounts/main.tf.

terraform {
  required_providers {
    deskform = {
      source  = "deskform/deskform"
      version = "0.1.0"
    }
  }
}

provider "deskform" {
  chatwoot {
    account_id = 1
  }
}

# Chatwoot: the help-center portal and the inboxes that feed it.
resource "deskform_portal" "handbook" {
  slug            = "handbook"
  name            = "Handbook"
  color           = "#1F93FF"
  custom_domain   = "help.example.com"
  header_text     = "Handbook"
  page_title      = "Handbook"
  homepage_link   = "https://www.example.com"
  default_locale  = "en"
  allowed_locales = ["en", "fr"]
  # By name, not as a reference: the inbox below refers to this portal, and
  # Terraform forbids reference cycles. deskform links both ways.
  live_chat_inbox = "Website"
  archived        = false
}

resource "deskform_inbox" "website" {
  name = "Website"
  channel = {
    type            = "web_widget"
    website_url     = "https://www.example.com"
    widget_color    = "#FF5733"
    welcome_title   = "Hi there"
    welcome_tagline = "We reply fast"
  }
  greeting_enabled      = true
  greeting_message      = "Hello! How can we help?"
  timezone              = "America/New_York"
  working_hours_enabled = true
  working_hours = [
    { day_of_week = 1, open_hour = 9, open_minutes = 0, close_hour = 17, close_minutes = 0 },
    { day_of_week = 2, open_hour = 9, open_minutes = 0, close_hour = 17, close_minutes = 0 },
    { day_of_week = 6, closed_all_day = true },
  ]
  portal = deskform_portal.handbook.slug
}

resource "deskform_inbox" "api_intake" {
  name = "API intake"
  channel = {
    type        = "api"
    webhook_url = "https://hooks.example.com/chatwoot"
  }
  enable_auto_assignment = false
}

# Tether: an AI webchat widget.
resource "deskform_webchat" "marketing" {
  name             = "Marketing site widget"
  starter_message  = "Hi! Looking for pricing?"
  background_color = "#FFFFFF"
  primary_color    = "#1F2937"
  secondary_color  = "#3B82F6"
  prompt           = "Sales assistant"
  allowed_domains  = ["https://www.example.com"]
  pipeline         = "default"
  initial_stage    = "new"
  is_autopilot     = true
  is_enabled       = true
  icon             = "assets/widget.png" # relative to this directory; uploaded when its content changes
}

# Healthing: channels are connected in Healthing itself; deskform adopts and configures them.
resource "deskform_channel" "whatsapp" {
  name            = "WhatsApp main"
  channel_type    = "whatsapp"
  assignment_mode = "round_robin"
  business_hours = {
    monday    = { enabled = true, start = "09:00", end = "18:00" }
    tuesday   = { enabled = true, start = "09:00", end = "18:00" }
    wednesday = { enabled = true, start = "09:00", end = "18:00" }
    thursday  = { enabled = true, start = "09:00", end = "18:00" }
    friday    = { enabled = true, start = "09:00", end = "17:00" }
  }
}

# Look-ups: the default Tether pipeline and its stages.
data "deskform_pipeline" "default" {}

output "portal_id" {
  value = deskform_portal.handbook.id
}

output "pipeline_stages" {
  value = [for stage in data.deskform_pipeline.default.stages : stage.name]
}
