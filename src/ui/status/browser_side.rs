pub fn set_not_found() {}
