use vcc_events_macros::family;

/// A widget changed.
#[family(
    name = "test.widget",
    source = "/widget",
    subject = widget_id,
    subject_doc = "The widget's ID.",
    versions(v0(stability = beta, example = "events/test.widget.v0.json")),
)]
pub mod test_widget {
    use vcc_events_runtime::Guid;

    /// The event payload.
    pub struct Data {
        /// The widget's ID.
        pub widget_id: Guid,
        /// Member 0.
        pub member_0: u64,
        /// Member 1.
        pub member_1: u64,
        /// Member 2.
        pub member_2: u64,
        /// Member 3.
        pub member_3: u64,
        /// Member 4.
        pub member_4: u64,
        /// Member 5.
        pub member_5: u64,
        /// Member 6.
        pub member_6: u64,
        /// Member 7.
        pub member_7: u64,
        /// Member 8.
        pub member_8: u64,
        /// Member 9.
        pub member_9: u64,
        /// Member 10.
        pub member_10: u64,
        /// Member 11.
        pub member_11: u64,
        /// Member 12.
        pub member_12: u64,
        /// Member 13.
        pub member_13: u64,
        /// Member 14.
        pub member_14: u64,
        /// Member 15.
        pub member_15: u64,
        /// Member 16.
        pub member_16: u64,
        /// Member 17.
        pub member_17: u64,
        /// Member 18.
        pub member_18: u64,
        /// Member 19.
        pub member_19: u64,
        /// Member 20.
        pub member_20: u64,
        /// Member 21.
        pub member_21: u64,
        /// Member 22.
        pub member_22: u64,
        /// Member 23.
        pub member_23: u64,
        /// Member 24.
        pub member_24: u64,
        /// Member 25.
        pub member_25: u64,
        /// Member 26.
        pub member_26: u64,
        /// Member 27.
        pub member_27: u64,
        /// Member 28.
        pub member_28: u64,
        /// Member 29.
        pub member_29: u64,
        /// Member 30.
        pub member_30: u64,
        /// Member 31.
        pub member_31: u64,
        /// Member 32.
        pub member_32: u64,
        /// Member 33.
        pub member_33: u64,
        /// Member 34.
        pub member_34: u64,
        /// Member 35.
        pub member_35: u64,
        /// Member 36.
        pub member_36: u64,
        /// Member 37.
        pub member_37: u64,
        /// Member 38.
        pub member_38: u64,
        /// Member 39.
        pub member_39: u64,
        /// Member 40.
        pub member_40: u64,
        /// Member 41.
        pub member_41: u64,
        /// Member 42.
        pub member_42: u64,
        /// Member 43.
        pub member_43: u64,
        /// Member 44.
        pub member_44: u64,
        /// Member 45.
        pub member_45: u64,
        /// Member 46.
        pub member_46: u64,
        /// Member 47.
        pub member_47: u64,
        /// Member 48.
        pub member_48: u64,
        /// Member 49.
        pub member_49: u64,
        /// Member 50.
        pub member_50: u64,
        /// Member 51.
        pub member_51: u64,
        /// Member 52.
        pub member_52: u64,
        /// Member 53.
        pub member_53: u64,
        /// Member 54.
        pub member_54: u64,
        /// Member 55.
        pub member_55: u64,
        /// Member 56.
        pub member_56: u64,
        /// Member 57.
        pub member_57: u64,
        /// Member 58.
        pub member_58: u64,
        /// Member 59.
        pub member_59: u64,
        /// Member 60.
        pub member_60: u64,
        /// Member 61.
        pub member_61: u64,
        /// Member 62.
        pub member_62: u64,
        /// Member 63.
        pub member_63: u64,
    }
}

fn main() {}
