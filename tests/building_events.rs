//! Building an event in code, as a partner's test does: the payload structs of the catalog
//! crate and of the generated crates are `#[non_exhaustive]` (no struct literal outside their
//! crate, so that a member added later breaks no one) and are built through their builders.
//! Built member by member, the documented example of `channel.parked.v0` encodes to its own
//! bytes, from either crate.

use vcc_events::channel::{Channel, Party, Role};
use vcc_events::channel_parked::v0;
use vcc_events_runtime::minify_json;

/// The documented example of `channel.parked.v0`, minified.
fn documented_example() -> String {
    let text = std::fs::read_to_string(
        workspace_tests::workspace_root().join("crates/catalog/events/channel.parked.v0.json"),
    )
    .unwrap();
    minify_json(&text)
}

#[test]
fn the_catalog_builds_the_documented_example() -> Result<(), Box<dyn std::error::Error>> {
    let party = Party::builder()
        .role(Role::Agent)
        .agent_id("1544".parse::<vcc_events_runtime::NumericId>()?)
        .user_id("ef71f453-556a-3abc-7769-bc678ef6e090".parse::<vcc_events_runtime::Guid>()?)
        .build()?;
    let channel = Channel::builder()
        .conversation_id(
            "3e71f453-116a-3abc-7769-bc678ef6e080".parse::<vcc_events_runtime::Guid>()?,
        )
        .interaction_id("1371f451-116a-4abc-8869-bc678ef67070".parse::<vcc_events_runtime::Guid>()?)
        .channel_id("740109c1-12d5-430f-9543-131fe5c4edcb".parse::<vcc_events_runtime::Guid>()?)
        .party(party)
        .build()?;
    let data = v0::Data::builder()
        .timestamp("2022-08-30T14:34:36.088Z".parse::<vcc_events_runtime::Timestamp>()?)
        .channel(channel)
        .build()?;
    let event = v0::Event::new(
        "2aRffDVJbosbADf1Kw2VY2Qub3Z".parse()?,
        "2022-08-30T14:34:36.6134321Z".parse()?,
        data,
    );
    assert_eq!(event.to_json(), documented_example());
    Ok(())
}

#[test]
fn a_generated_crate_builds_the_documented_example() -> Result<(), Box<dyn std::error::Error>> {
    use vcc_event_channel_parked_v0 as parked;
    let party = parked::Party::builder()
        .role("agent")
        .agent_id(parked::PartyAgentId::try_from("1544")?)
        .user_id(parked::PartyUserId::try_from(
            "ef71f453-556a-3abc-7769-bc678ef6e090",
        )?)
        .build()?;
    let channel = parked::Channel::builder()
        .conversation_id("3e71f453-116a-3abc-7769-bc678ef6e080")
        .interaction_id("1371f451-116a-4abc-8869-bc678ef67070")
        .channel_id("740109c1-12d5-430f-9543-131fe5c4edcb")
        .party(party)
        .build()?;
    let data = parked::Data::builder()
        .timestamp("2022-08-30T14:34:36.088Z")
        .channel(channel)
        .build()?;
    let event = parked::ChannelParkedV0::builder()
        .specversion("1.0")
        .type_("channel.parked.v0")
        .id("2aRffDVJbosbADf1Kw2VY2Qub3Z")
        .source("/channel")
        .subject("740109c1-12d5-430f-9543-131fe5c4edcb")
        .time("2022-08-30T14:34:36.6134321Z")
        .datacontenttype(parked::ChannelParkedV0Datacontenttype::ApplicationJson)
        .data(data)
        .build()?;
    assert_eq!(serde_json::to_string(&event)?, documented_example());
    Ok(())
}

#[test]
fn a_generated_builder_names_what_is_missing_or_refused() {
    use vcc_event_channel_parked_v0 as parked;
    let missing = parked::Party::builder().build().unwrap_err();
    assert_eq!(missing.to_string(), "no value supplied for role");
    let refused = parked::Channel::builder()
        .channel_id("not a GUID")
        .build()
        .unwrap_err();
    assert!(refused.to_string().contains("channel_id"), "{refused}");
}

#[test]
fn the_catalog_builder_names_the_missing_member() {
    let error = Party::builder().build().unwrap_err();
    assert_eq!(
        error.to_string(),
        "cannot build Party: the required member `role` is not set"
    );
}
