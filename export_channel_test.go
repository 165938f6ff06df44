package zmqffi

// PutBackFrames returns how many frames a stopped Channel gave back to s that
// no receive has handed out yet.
func PutBackFrames(s *Socket) int {
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	if s.st.rx == nil || s.st.rx.pend == nil {
		return 0
	}
	return len(s.st.rx.pend) - s.st.rx.off
}

// ChannelHolds reports whether ch holds a received message that nobody has
// taken from its Recv yet.
func ChannelHolds(ch *Channel) bool {
	ch.mu.Lock()
	defer ch.mu.Unlock()
	return ch.in != nil
}
