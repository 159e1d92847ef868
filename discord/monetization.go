package discord

import "github.com/go-json-experiment/json/jsontext"

// EntitlementType says how an entitlement was obtained.
type EntitlementType int

// Entitlement types.
const (
	EntitlementPurchase                EntitlementType = 1
	EntitlementPremiumSubscription     EntitlementType = 2
	EntitlementDeveloperGift           EntitlementType = 3
	EntitlementTestModePurchase        EntitlementType = 4
	EntitlementFreePurchase            EntitlementType = 5
	EntitlementUserGift                EntitlementType = 6
	EntitlementPremiumPurchase         EntitlementType = 7
	EntitlementApplicationSubscription EntitlementType = 8
)

// String returns the reference name or "EntitlementType(n)".
func (t EntitlementType) String() string {
	return enumString("EntitlementType", []string{1: "PURCHASE", 2: "PREMIUM_SUBSCRIPTION",
		3: "DEVELOPER_GIFT", 4: "TEST_MODE_PURCHASE", 5: "FREE_PURCHASE", 6: "USER_GIFT",
		7: "PREMIUM_PURCHASE", 8: "APPLICATION_SUBSCRIPTION"}, int(t))
}

// Entitlement grants a user or guild access to a premium SKU. Unknown keys
// are kept in Extra.
type Entitlement struct {
	ID            Snowflake           `json:"id"`
	SKUID         Snowflake           `json:"sku_id"`
	ApplicationID Snowflake           `json:"application_id"`
	UserID        Snowflake           `json:"user_id,omitzero"`
	Type          EntitlementType     `json:"type"`
	Deleted       bool                `json:"deleted"`
	StartsAt      Nullable[Timestamp] `json:"starts_at,omitzero"`
	EndsAt        Nullable[Timestamp] `json:"ends_at,omitzero"`
	GuildID       Nullable[Snowflake] `json:"guild_id,omitzero"`
	Consumed      Optional[bool]      `json:"consumed,omitzero"`

	Extra jsontext.Value `json:",embed"`
}

// SubscriptionStatus is the state of a subscription.
type SubscriptionStatus int

// Subscription statuses.
const (
	SubscriptionActive   SubscriptionStatus = 0
	SubscriptionEnding   SubscriptionStatus = 1
	SubscriptionInactive SubscriptionStatus = 2
)

// String returns the reference name or "SubscriptionStatus(n)".
func (s SubscriptionStatus) String() string {
	return enumString("SubscriptionStatus", []string{"ACTIVE", "ENDING", "INACTIVE"}, int(s))
}

// Subscription is a user's recurring payment for SKUs. Unknown keys are kept
// in Extra.
type Subscription struct {
	ID                 Snowflake             `json:"id"`
	UserID             Snowflake             `json:"user_id"`
	SKUIDs             []Snowflake           `json:"sku_ids,omitzero"`
	EntitlementIDs     []Snowflake           `json:"entitlement_ids,omitzero"`
	RenewalSKUIDs      Nullable[[]Snowflake] `json:"renewal_sku_ids,omitzero"`
	CurrentPeriodStart Timestamp             `json:"current_period_start"`
	CurrentPeriodEnd   Timestamp             `json:"current_period_end"`
	Status             SubscriptionStatus    `json:"status"`
	CanceledAt         Nullable[Timestamp]   `json:"canceled_at,omitzero"`
	Country            Optional[string]      `json:"country,omitzero"`

	Extra jsontext.Value `json:",embed"`
}
