fn main() { println!("nothing to generate yet"); }
